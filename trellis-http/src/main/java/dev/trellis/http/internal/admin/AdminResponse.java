package dev.trellis.http.internal.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trellis.serve.config.ConfigProblem;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * An admin API answer. Every error is JSON, never a stack trace:
 * {@code {"error": "...", "problems": [{"path": "...", "line": 7, "message": "..."}]}} (the
 * problems only for a rejected config).
 *
 * @param headers   extra headers, e.g. {@code WWW-Authenticate}
 * @param afterSent what to start once the answer has been written (null: nothing); it runs on the
 *                  event loop, so it must not block
 */
public record AdminResponse(int status, String contentType, byte[] body, Map<String, String> headers,
                            Runnable afterSent) {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    static final String JSON_TYPE = "application/json";

    public AdminResponse {
        headers = Map.copyOf(headers);
    }

    public AdminResponse(int status, String contentType, byte[] body, Map<String, String> headers) {
        this(status, contentType, body, headers, null);
    }

    /** This answer, with {@code action} started once it has been written. */
    AdminResponse thenStart(Runnable action) {
        return new AdminResponse(status, contentType, body, headers, action);
    }

    static AdminResponse json(int status, JsonNode body) {
        try {
            return new AdminResponse(status, JSON_TYPE, JSON.writeValueAsBytes(body), Map.of());
        } catch (JsonProcessingException e) { // a tree of plain nodes always serializes
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    static AdminResponse text(int status, String contentType, String body) {
        return new AdminResponse(status, contentType, body.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    static AdminResponse error(int status, String message) {
        ObjectNode body = JSON.createObjectNode().put("error", message);
        return json(status, body);
    }

    /** 400 for a rejected config: the summary and each problem with its key path and line. */
    static AdminResponse problems(String message, List<ConfigProblem> problems) {
        ObjectNode body = JSON.createObjectNode().put("error", message);
        ArrayNode list = body.putArray("problems");
        for (ConfigProblem p : problems) {
            ObjectNode item = list.addObject().put("path", p.keyPath());
            if (p.line() > 0) {
                item.put("line", p.line());
            }
            item.put("message", p.message());
        }
        return json(400, body);
    }

    AdminResponse withHeader(String name, String value) {
        var all = new java.util.HashMap<>(headers);
        all.put(name, value);
        return new AdminResponse(status, contentType, body, all);
    }
}
