package dev.trellis.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An HTTP response an ingress method returns when the default (200 with the value as JSON) is
 * not what it wants. Immutable; build with {@link #json}, {@link #text} or {@link #status}.
 */
public record Response(int status, Map<String, List<String>> headers, byte[] body) {
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    public Response {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("status must be between 100 and 599, was " + status);
        }
        headers = Map.copyOf(headers);
        body = body == null ? new byte[0] : body;
    }

    /** 200 with {@code value} as JSON. */
    public static Response json(Object value) {
        return status(200).json(value);
    }

    /** 200 with {@code text} as text/plain. */
    public static Response text(String text) {
        return status(200).text(text);
    }

    public static Builder status(int status) {
        return new Builder(status);
    }

    public static final class Builder {
        private final int status;
        private final Map<String, List<String>> headers = new LinkedHashMap<>();

        private Builder(int status) {
            this.status = status;
        }

        public Builder header(String name, String value) {
            headers.merge(name, List.of(value), (a, b) -> {
                var all = new java.util.ArrayList<>(a);
                all.addAll(b);
                return all;
            });
            return this;
        }

        public Response json(Object value) {
            try {
                headers.putIfAbsent("content-type", List.of("application/json"));
                return new Response(status, headers, JSON.writeValueAsBytes(value));
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("cannot write " + value.getClass().getName() + " as JSON: "
                        + e.getOriginalMessage(), e);
            }
        }

        public Response text(String text) {
            headers.putIfAbsent("content-type", List.of("text/plain; charset=utf-8"));
            return new Response(status, headers, text.getBytes(StandardCharsets.UTF_8));
        }

        public Response body(byte[] body, String contentType) {
            headers.putIfAbsent("content-type", List.of(contentType));
            return new Response(status, headers, body);
        }

        public Response empty() {
            return new Response(status, headers, new byte[0]);
        }
    }
}
