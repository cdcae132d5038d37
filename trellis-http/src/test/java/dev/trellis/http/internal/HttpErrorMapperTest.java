package dev.trellis.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trellis.http.BadRequestException;
import dev.trellis.http.Response;
import dev.trellis.serve.BackPressureException;
import dev.trellis.serve.DeploymentUnavailableException;
import dev.trellis.serve.HttpOptions;
import dev.trellis.serve.ReplicaDiedException;
import dev.trellis.serve.RequestTimeoutException;
import dev.trellis.serve.UserCodeException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class HttpErrorMapperTest {
    private final HttpErrorMapper mapper = new HttpErrorMapper(HttpOptions.defaults());

    private static JsonNode body(Response response) throws IOException {
        return new ObjectMapper().readTree(response.body());
    }

    @Test
    void eachFailureHasItsStatus() {
        assertThat(mapper.toResponse(new BadRequestException("bad"), "r").status()).isEqualTo(400);
        assertThat(mapper.toResponse(new HttpError(404, "none"), "r").status()).isEqualTo(404);
        assertThat(mapper.toResponse(new BackPressureException("full"), "r").status()).isEqualTo(503);
        assertThat(mapper.toResponse(new RequestTimeoutException("slow"), "r").status()).isEqualTo(408);
        assertThat(mapper.toResponse(new DeploymentUnavailableException("gone"), "r").status()).isEqualTo(503);
        assertThat(mapper.toResponse(new ReplicaDiedException("died"), "r").status()).isEqualTo(500);
        assertThat(mapper.toResponse(new UserCodeException("java.lang.IllegalStateException", "x"), "r").status())
                .isEqualTo(500);
        assertThat(mapper.toResponse(new NullPointerException("npe"), "r").status()).isEqualTo(500);
    }

    @Test
    void aUserExceptionShowsItsTypeAndMessageAndTheRequestId() throws IOException {
        Response response = mapper.toResponse(
                new CompletionException(new UserCodeException("com.example.ModelError", "weights missing")), "req-7");

        JsonNode body = body(response);
        assertThat(body.get("error").asText()).isEqualTo("user_code_error");
        assertThat(body.get("exception_type").asText()).isEqualTo("com.example.ModelError");
        assertThat(body.get("message").asText()).isEqualTo("weights missing");
        assertThat(body.get("request_id").asText()).isEqualTo("req-7");
        assertThat(response.headers()).containsEntry("content-type", List.of("application/json"));
    }

    /** A model runtime's input error, say: a subclass of InvalidInputException. */
    public static final class WrongShape extends dev.trellis.serve.InvalidInputException {
        public WrongShape(String message) {
            super(message);
        }
    }

    @Test
    void aSubclassOfInvalidInputThrownByUserCodeIsA400WithItsMessage() throws IOException {
        Response response = mapper.toResponse(UserCodeException.of(new WrongShape("expected 4 features, got 3")), "r");

        assertThat(response.status()).isEqualTo(400);
        assertThat(body(response).get("message").asText()).isEqualTo("expected 4 features, got 3");
        assertThat(body(response).has("exception_type")).isFalse();
    }

    @Test
    void aReplicasReportDecidesBadInputNotTheTypeName() {
        assertThat(mapper.toResponse(new UserCodeException("com.example.elsewhere.ShapeError", "x", true), "r").status())
                .isEqualTo(400);
        assertThat(mapper.toResponse(new UserCodeException(WrongShape.class.getName(), "x", false), "r").status())
                .isEqualTo(500);
    }

    @Test
    void aBadRequestThrownByUserCodeIsStillA400() throws IOException {
        Response response = mapper.toResponse(UserCodeException.of(new BadRequestException("no 'q'")), "r");

        assertThat(response.status()).isEqualTo(400);
        assertThat(body(response).get("message").asText()).isEqualTo("no 'q'");
    }

    @Test
    void backPressureCanBe429WithRetryAfterInWholeSeconds() {
        var options = HttpOptions.builder().backPressureStatus(429).retryAfter(Duration.ofMillis(1500)).build();

        Response response = new HttpErrorMapper(options).toResponse(new BackPressureException("full"), "r");

        assertThat(response.status()).isEqualTo(429);
        assertThat(response.headers()).containsEntry("retry-after", List.of("2"));
    }

    @Test
    void theProxysTimeoutNamesTheSetting() throws IOException {
        Response response = mapper.timeout(Duration.ofMillis(250), "r");

        assertThat(response.status()).isEqualTo(408);
        assertThat(body(response).get("message").asText()).contains("0.25 s").contains("request_timeout_s");
    }
}
