package dev.trellis.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trellis.serve.config.ConfiguredApplication;
import dev.trellis.serve.config.ServeConfigFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The routes an example config serves, found as a client would: each application's route
 * prefix from the file, and, for an ingress with annotated routes, the operations its
 * {@code <prefix>/openapi.json} lists (e.g. {@code GET /predict/labels}). Any other ingress
 * takes a JSON body by POST at its prefix.
 */
final class ExampleRoutes {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> METHODS = List.of("get", "post", "put", "patch", "delete");

    /** One operation: {@code takesBody} when it reads a JSON body. */
    record Route(String configFile, String method, String path, boolean takesBody) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private ExampleRoutes() {
    }

    /** The names of the config files in {@code examples/}, sorted. */
    static List<String> configFiles() {
        try (Stream<Path> files = Files.list(ExampleServer.configFile(""))) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The routes of {@code configFile}, served by {@code server}, in the file's order. */
    static List<Route> of(String configFile, ExampleServer server) throws IOException, InterruptedException {
        var routes = new ArrayList<Route>();
        for (ConfiguredApplication app : ServeConfigFile.load(ExampleServer.configFile(configFile)).applications()) {
            String prefix = app.routePrefix();
            HttpResponse<String> openApi = server.get((prefix.equals("/") ? "" : prefix) + "/openapi.json");
            if (openApi.statusCode() != 200) {
                routes.add(new Route(configFile, "POST", prefix, true));
                continue;
            }
            for (Map.Entry<String, JsonNode> path : JSON.readTree(openApi.body()).get("paths").properties()) {
                if (path.getKey().contains("{")) {
                    throw new IllegalStateException(path.getKey() + " in " + configFile + " has path parameters;"
                            + " give the fuzz test a value for them");
                }
                for (String method : METHODS) {
                    JsonNode operation = path.getValue().get(method);
                    if (operation != null) {
                        routes.add(new Route(configFile, method.toUpperCase(Locale.ROOT), path.getKey(),
                                operation.has("requestBody")));
                    }
                }
            }
        }
        return routes;
    }
}
