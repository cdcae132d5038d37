package dev.trellis.serve.config;

import dev.trellis.serve.Application;
import java.util.Objects;

/**
 * One application to run, as a config file (or the command line) describes it: its name, its
 * route prefix and the application built from its import path with the file's deployment
 * overrides applied. Pass the parts to {@link dev.trellis.serve.Serve#run}.
 *
 * @param routePrefix starts with "/" and does not end with "/" (except "/" itself);
 *                    {@code null} for an application with no HTTP route
 */
public record ConfiguredApplication(String name, String routePrefix, Application<?> application) {

    public ConfiguredApplication {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name must be non-blank, was '" + name + "'");
        }
        checkRoutePrefix(routePrefix);
        Objects.requireNonNull(application, "application");
    }

    /**
     * Ray Serve's rule for {@code route_prefix}: {@code null} (no route) or a path starting with
     * "/" that does not end with "/" unless it is "/", without whitespace, '{' or '}'.
     *
     * @throws IllegalArgumentException naming {@code route_prefix} and the value
     */
    public static void checkRoutePrefix(String routePrefix) {
        if (routePrefix == null) {
            return;
        }
        String problem = null;
        if (!routePrefix.startsWith("/")) {
            problem = "must start with '/'";
        } else if (routePrefix.length() > 1 && routePrefix.endsWith("/")) {
            problem = "must not end with '/' (unless it is \"/\")";
        } else if (routePrefix.chars().anyMatch(c -> Character.isWhitespace(c) || c == '{' || c == '}')) {
            problem = "must not contain whitespace, '{' or '}'";
        }
        if (problem != null) {
            throw new IllegalArgumentException("route_prefix " + problem + ", was \"" + routePrefix + "\"");
        }
    }
}
