package dev.trellis.http.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trellis.http.BadRequestException;
import dev.trellis.serve.InvalidInputException;
import dev.trellis.http.Response;
import dev.trellis.serve.BackPressureException;
import dev.trellis.serve.DeploymentUnavailableException;
import dev.trellis.serve.HttpOptions;
import dev.trellis.serve.ReplicaDiedException;
import dev.trellis.serve.ReplicaNodeLostException;
import dev.trellis.serve.RequestCancelledException;
import dev.trellis.serve.RequestTimeoutException;
import dev.trellis.serve.UserCodeException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become HTTP status codes. Every error body is JSON:
 * {@code {"error": "<short reason>", "message": "...", "exception_type": "...", "request_id": "..."}}
 * ({@code exception_type} only when an exception's type is worth showing), never a stack trace.
 *
 * <table>
 *   <caption>Mapping</caption>
 *   <tr><td>{@link BadRequestException}, any {@link InvalidInputException} (also thrown by user code, subclasses included)</td><td>400 bad_request</td></tr>
 *   <tr><td>{@link HttpError}</td><td>its status</td></tr>
 *   <tr><td>{@link BackPressureException}</td><td>503 back_pressure, or 429 with Retry-After (whole seconds)
 *       when {@code back_pressure_status} is 429</td></tr>
 *   <tr><td>{@link RequestTimeoutException}, the proxy's request timeout</td><td>408 request_timeout</td></tr>
 *   <tr><td>{@link DeploymentUnavailableException}</td><td>503 deployment_unavailable</td></tr>
 *   <tr><td>{@link RequestCancelledException}</td><td>503 cancelled</td></tr>
 *   <tr><td>{@link ReplicaDiedException}</td><td>500 replica_died</td></tr>
 *   <tr><td>{@link ReplicaNodeLostException}</td><td>503 node_lost (also when the ingress's own call
 *       to another deployment failed so and its code let the exception out)</td></tr>
 *   <tr><td>{@link UserCodeException}</td><td>500 user_code_error, with the user exception's type and message</td></tr>
 *   <tr><td>anything else</td><td>500 internal_error, with type and message (and logged with its stack trace)</td></tr>
 * </table>
 * Thread-safe.
 */
public final class HttpErrorMapper {
    private static final Logger LOG = LoggerFactory.getLogger(HttpErrorMapper.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int backPressureStatus;
    private final String retryAfterSeconds;

    public HttpErrorMapper(HttpOptions options) {
        this.backPressureStatus = options.backPressureStatus();
        this.retryAfterSeconds = String.valueOf(wholeSeconds(options.retryAfter()));
    }

    /** The response for {@code failure} of the request {@code requestId}. */
    public Response toResponse(Throwable failure, String requestId) {
        Throwable f = unwrap(failure);
        return switch (f) {
            case InvalidInputException e -> error(400, "bad_request", e.getMessage(), null, requestId);
            case HttpError e -> error(e.status(), reason(e.status()), e.getMessage(), null, requestId);
            case BackPressureException e -> backPressure(e, requestId);
            case RequestTimeoutException e -> error(408, "request_timeout", e.getMessage(), null, requestId);
            case DeploymentUnavailableException e -> error(503, "deployment_unavailable", e.getMessage(), null, requestId);
            case RequestCancelledException e -> error(503, "cancelled", e.getMessage(), null, requestId);
            case ReplicaDiedException e -> error(500, "replica_died", e.getMessage(), null, requestId);
            case ReplicaNodeLostException e -> error(503, "node_lost", e.getMessage(), null, requestId);
            case UserCodeException e when ReplicaNodeLostException.class.getName().equals(e.exceptionType()) ->
                    error(503, "node_lost", e.userMessage(), null, requestId);
            case UserCodeException e when e.invalidInput() ->
                    error(400, "bad_request", e.userMessage(), null, requestId);
            case UserCodeException e -> error(500, "user_code_error", e.userMessage(), e.exceptionType(), requestId);
            default -> {
                LOG.warn("request {} failed in the HTTP proxy", requestId, f);
                yield error(500, "internal_error", f.getMessage(), f.getClass().getName(), requestId);
            }
        };
    }

    /** The proxy's own request timeout elapsed. */
    public Response timeout(Duration timeout, String requestId) {
        return error(408, "request_timeout", "no response within " + timeout.toMillis() / 1000.0 + " s"
                + " (http_options.request_timeout_s); the call was cancelled", null, requestId);
    }

    private Response backPressure(BackPressureException e, String requestId) {
        if (backPressureStatus == 429) {
            return error(429, "back_pressure", e.getMessage(), null, requestId, Map.of("retry-after", List.of(retryAfterSeconds)));
        }
        return error(503, "back_pressure", e.getMessage(), null, requestId);
    }

    /** An error response the proxy makes itself (no route, body too large...). */
    public static Response error(int status, String message, String requestId) {
        return error(status, reason(status), message, null, requestId);
    }

    private static Response error(int status, String error, String message, String exceptionType, String requestId) {
        return error(status, error, message, exceptionType, requestId, Map.of());
    }

    private static Response error(int status, String error, String message, String exceptionType, String requestId,
                                  Map<String, List<String>> headers) {
        var body = new LinkedHashMap<String, Object>();
        body.put("error", error);
        body.put("message", message == null ? error.replace('_', ' ') : message);
        if (exceptionType != null) {
            body.put("exception_type", exceptionType);
        }
        body.put("request_id", requestId);
        var allHeaders = new LinkedHashMap<>(headers);
        allHeaders.put("content-type", List.of("application/json"));
        return new Response(status, allHeaders, json(body));
    }

    private static byte[] json(Map<String, Object> body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings is always JSON", e);
        }
    }

    static String reason(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 408 -> "request_timeout";
            case 413 -> "payload_too_large";
            case 414 -> "uri_too_long";
            case 431 -> "request_header_fields_too_large";
            case 429, 503 -> "unavailable";
            default -> status >= 500 ? "internal_error" : "client_error";
        };
    }

    /** Rounded up, at least 1: Retry-After takes whole seconds, and 0 would invite an immediate retry. */
    private static long wholeSeconds(Duration d) {
        return Math.max(1, d.toSeconds() + (d.getNano() > 0 ? 1 : 0));
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
