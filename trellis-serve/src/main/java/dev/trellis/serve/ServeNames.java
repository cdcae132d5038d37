package dev.trellis.serve;

/**
 * The rules for application names and route prefixes, in one place for the API, config files
 * and the CLI. Both throw {@link IllegalArgumentException} naming the setting and the value.
 */
public final class ServeNames {
    private ServeNames() {
    }

    /** Non-blank and without '#' (which separates the parts of replica ids). */
    public static String checkApplicationName(String name) {
        if (name == null || name.isBlank() || name.contains("#")) {
            throw new IllegalArgumentException("application name must be non-blank without '#', was '" + name + "'");
        }
        return name;
    }

    /**
     * Ray Serve's rule for {@code route_prefix}: {@code null} (no HTTP route) or a path starting
     * with "/" that does not end with "/" unless it is "/", without whitespace, '{' or '}'.
     */
    public static String checkRoutePrefix(String routePrefix) {
        if (routePrefix == null) {
            return null;
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
        return routePrefix;
    }
}
