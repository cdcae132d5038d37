package dev.trellis.http.internal.routes;

import dev.trellis.http.Request;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Requests to an application at route prefix "/iris", as the proxy would hand them over. */
final class TestRequests {
    static final String PREFIX = "/iris";

    private TestRequests() {
    }

    /** {@code target} is the path below the prefix with an optional query, e.g. "/search?q=a&tag=x". */
    static Request request(String method, String target, String body) {
        int question = target.indexOf('?');
        String path = question < 0 ? target : target.substring(0, question);
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (question >= 0) {
            for (String pair : target.substring(question + 1).split("&")) {
                int eq = pair.indexOf('=');
                String name = eq < 0 ? pair : pair.substring(0, eq);
                query.computeIfAbsent(name, k -> new ArrayList<>()).add(eq < 0 ? "" : pair.substring(eq + 1));
            }
        }
        return new Request(method, PREFIX + path, PREFIX, query, Map.of("content-type", List.of("application/json")),
                body.getBytes(StandardCharsets.UTF_8), "test-request");
    }

    static Request get(String target) {
        return request("GET", target, "");
    }

    static Request post(String target, String body) {
        return request("POST", target, body);
    }
}
