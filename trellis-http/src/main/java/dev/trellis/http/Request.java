package dev.trellis.http;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
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
    /**
     * A missing or null value for a primitive (a record's {@code double} component) is an error
     * rather than a silent 0: the field is required, as in a pydantic model without a default.
     * A key given twice and a number too large for its {@code double} are errors too.
     */
    private static final ObjectMapper JSON = new ObjectMapper(dev.trellis.http.internal.BodyJsonFactory.create())
            .findAndRegisterModules()
            .registerModule(dev.trellis.http.internal.FiniteNumbers.module())
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

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
     * The body parsed as JSON and bound to {@code type}.
     *
     * @throws BadRequestException (answered 400) naming what was wrong
     */
    public <T> T json(Class<T> type) {
        try {
            return JSON.readValue(body, type);
        } catch (IOException e) {
            throw BadRequestException.fromJson(e, type.getSimpleName());
        }
    }

    /** The body bound to a generic type, e.g. {@code new TypeReference<List<Item>>() {}}. */
    public <T> T json(TypeReference<T> type) {
        try {
            return JSON.readValue(body, type);
        } catch (IOException e) {
            throw BadRequestException.fromJson(e, type.getType().getTypeName());
        }
    }

    /** The body as a JSON tree. */
    public JsonNode jsonTree() {
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new BadRequestException("request body must be JSON, was empty");
            }
            return node;
        } catch (IOException e) {
            throw BadRequestException.fromJson(e, "JSON");
        }
    }

    @Override
    public String toString() {
        return method + " " + path + " (" + body.length + " bytes, x-request-id " + requestId + ")";
    }
}
