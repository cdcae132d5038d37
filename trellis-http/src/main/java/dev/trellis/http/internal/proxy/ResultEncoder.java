package dev.trellis.http.internal.proxy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trellis.http.Response;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * What an ingress method's result becomes on the wire, following Ray Serve/FastAPI: a
 * {@link Response} as it is; a {@code String} as {@code text/plain}; a {@code byte[]} as
 * {@code application/octet-stream}; anything else, {@code null} included (FastAPI answers
 * {@code null} with 200), as JSON. Stream items: strings and byte arrays raw, others as one JSON
 * value per line. Thread-safe.
 */
final class ResultEncoder {
    static final String JSON_TYPE = "application/json";
    static final String TEXT_TYPE = "text/plain; charset=utf-8";
    static final String BYTES_TYPE = "application/octet-stream";

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
    private static final byte[] NEWLINE = {'\n'};

    private ResultEncoder() {
    }

    /**
     * Whether encoding {@code value} runs no user code (no getters or accessors of user types),
     * so it may be done on the event loop.
     */
    static boolean encodesWithoutUserCode(Object value) {
        return value == null || value instanceof String || value instanceof byte[] || value instanceof Response
                || value instanceof Number || value instanceof Boolean || value instanceof JsonNode;
    }

    /**
     * The response for a method's result.
     *
     * @throws IllegalArgumentException when the value cannot be written as JSON
     */
    static Response encode(Object value) {
        return switch (value) {
            case Response r -> r;
            case String s -> new Response(200, Map.of("content-type", List.of(TEXT_TYPE)), s.getBytes(StandardCharsets.UTF_8));
            case byte[] b -> new Response(200, Map.of("content-type", List.of(BYTES_TYPE)), b);
            case null, default -> new Response(200, Map.of("content-type", List.of(JSON_TYPE)), json(value));
        };
    }

    /** One item of a streamed body: raw for strings and bytes, else JSON and a newline. */
    static byte[] encodeItem(Object item) {
        return switch (item) {
            case String s -> s.getBytes(StandardCharsets.UTF_8);
            case byte[] b -> b;
            case null, default -> concat(json(item), NEWLINE);
        };
    }

    /** One server-sent event, {@code data: <item>\n\n}; multi-line text becomes several data lines. */
    static byte[] encodeEvent(Object item) {
        String data = switch (item) {
            case String s -> s;
            case byte[] b -> new String(b, StandardCharsets.UTF_8);
            case null, default -> new String(json(item), StandardCharsets.UTF_8);
        };
        return ("data: " + data.replace("\r\n", "\n").replace("\n", "\ndata: ") + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    static byte[] json(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write the result (" + value.getClass().getName() + ") as JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = new byte[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
