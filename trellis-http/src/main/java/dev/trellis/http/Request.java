package dev.trellis.http;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.http.internal.routes.JsonBodyReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One HTTP request as an ingress deployment sees it, the counterpart of Starlette's
 * {@code Request} in Ray Serve. Immutable and serializable, so it can travel to a replica on
 * another node. Header names are lower case.
 *
 * @param method      "GET", "POST", ...
 * @param path        the full request path, e.g. "/iris/predict"
 * @param routePrefix the application's route prefix the path matched, e.g. "/iris"
 * @param query       query parameters by name (each may repeat)
 * @param headers     headers by lower-case name
 * @param body        the body's bytes (empty, never null)
 * @param requestId   the x-request-id: the client's, or one the proxy made
 */
public record Request(String method, String path, String routePrefix, Map<String, List<String>> query,
                      Map<String, List<String>> headers, byte[] body, String requestId) {
    public Request {
        query = Map.copyOf(query);
        var lower = new TreeMap<String, List<String>>();
        headers.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
        headers = java.util.Collections.unmodifiableMap(lower);
        body = body == null ? new byte[0] : body;
    }

    /** The path below the route prefix: "/predict" for "/iris/predict" at "/iris"; "/" at the prefix itself. */
    public String subPath() {
        if (routePrefix == null || routePrefix.equals("/")) {
            return path;
        }
        String rest = path.substring(Math.min(path.length(), routePrefix.length()));
        return rest.isEmpty() ? "/" : rest;
    }

    /** The first value of query parameter {@code name}. */
    public Optional<String> queryParam(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }

    /** The first value of header {@code name} (any case). */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }

    /** The body as UTF-8 text. */
    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * The body parsed as JSON and bound to {@code type}, as strictly as the proxy binds bodies
     * to ingress methods ({@code JsonBodyReader}: record components required, no key twice, no
     * coercion between strings and numbers, no number too large for its type).
     *
     * @throws BadRequestException (answered 400) naming what was wrong, also for an empty or {@code null} body
     */
    @SuppressWarnings("unchecked")
    public <T> T json(Class<T> type) {
        return (T) JsonBodyReader.read(body, JsonBodyReader.type(type), false);
    }

    /** The body bound to a generic type, e.g. {@code new TypeReference<List<Item>>() {}}; see {@link #json(Class)}. */
    @SuppressWarnings("unchecked")
    public <T> T json(TypeReference<T> type) {
        return (T) JsonBodyReader.read(body, JsonBodyReader.type(type.getType()), false);
    }

    /** The body as a JSON tree; see {@link #json(Class)}. */
    public JsonNode jsonTree() {
        return json(JsonNode.class);
    }

    @Override
    public String toString() {
        return method + " " + path + " (" + body.length + " bytes, x-request-id " + requestId + ")";
    }
}
