package dev.trellis.serve.config;

import dev.trellis.serve.ServeNames;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trellis.serve.Application;
import dev.trellis.serve.HttpOptions;
import dev.trellis.serve.LoggingConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the YAML tree of a Serve config file into applications, checking the top-level and
 * per-application keys, resolving import paths and applying deployment overrides. It goes on
 * after a problem, recording each one in {@link ConfigNodes}, so the caller can report them
 * all at once; the applications it returns are only meaningful when no problem was recorded.
 */
final class ServeConfigReader {
    static final List<String> TOP_LEVEL_KEYS = List.of("applications", "http_options", "proxy_location");
    static final List<String> APPLICATION_KEYS = List.of("name", "route_prefix", "import_path", "args", "deployments",
            "logging_config");

    private final ConfigNodes nodes;
    private final Map<String, String> appNames = new HashMap<>();
    private final Map<String, String> routePrefixes = new HashMap<>();
    private HttpOptions httpOptions = HttpOptions.defaults();
    private dev.trellis.serve.ProxyLocation proxyLocation;

    ServeConfigReader(ConfigNodes nodes) {
        this.nodes = nodes;
    }

    /** The top-level {@code proxy_location}; null when the config has none. */
    dev.trellis.serve.ProxyLocation proxyLocation() {
        return proxyLocation;
    }

    List<ConfiguredApplication> read(JsonNode root) {
        ObjectNode top = nodes.mapping(root, KeyPath.ROOT, TOP_LEVEL_KEYS);
        if (top == null) {
            return List.of();
        }
        httpOptions = HttpOptionsReader.read(top.get("http_options"), KeyPath.ROOT.key("http_options"), nodes);
        String location = top.has("proxy_location") ? nodes.string(top, KeyPath.ROOT, "proxy_location", false) : null;
        if (location != null) {
            try {
                proxyLocation = dev.trellis.serve.ProxyLocation.parse("proxy_location", location);
            } catch (IllegalArgumentException e) {
                nodes.problem(KeyPath.ROOT.key("proxy_location"), "must be one of "
                        + dev.trellis.serve.ProxyLocation.names() + ", was '" + location + "'");
            }
        }
        KeyPath path = KeyPath.ROOT.key("applications");
        JsonNode appsNode = top.get("applications");
        if (appsNode == null || appsNode.isNull()) {
            nodes.problem(path, "is required: a list of applications");
            return List.of();
        }
        ArrayNode apps = nodes.list(appsNode, path);
        if (apps == null) {
            return List.of();
        }
        if (apps.isEmpty()) {
            nodes.problem(path, "must list at least one application");
            return List.of();
        }
        var result = new ArrayList<ConfiguredApplication>();
        for (int i = 0; i < apps.size(); i++) {
            var app = readApplication(apps.get(i), path.index(i));
            if (app != null) {
                result.add(app);
            }
        }
        return result;
    }

    private ConfiguredApplication readApplication(JsonNode node, KeyPath path) {
        int problemsBefore = nodes.problems().size();
        ObjectNode o = nodes.mapping(node, path, APPLICATION_KEYS);
        if (o == null) {
            return null;
        }
        String name = nodes.string(o, path, "name", true);
        if (name != null && name.contains("#")) {
            nodes.problem(path.key("name"), "must not contain '#', was \"" + name + "\"");
            name = null;
        }
        if (name != null) {
            requireUnique(appNames, name, path.key("name"), path.key("name").toString(), "application name");
        }
        String routePrefix = routePrefix(o, path);
        String importPath = nodes.string(o, path, "import_path", true);
        JsonNode args = o.get("args");
        if (args != null && (args.isNull() || !args.isObject())) {
            if (!args.isNull()) {
                nodes.problem(path.key("args"), "must be a mapping, was " + ConfigNodes.show(args));
            }
            args = null;
        }
        var overrides = readOverrides(o.get("deployments"), path.key("deployments"));
        LoggingConfig logging = LoggingConfigReader.read(o.get("logging_config"), path.key("logging_config"), nodes);
        if (importPath == null) {
            return null;
        }
        Application<?> app;
        try {
            app = ImportPaths.resolveOrFail(importPath, args);
        } catch (ImportPaths.Failure f) {
            nodes.problem(path.key(f.key), f.getMessage());
            return null;
        }
        if (logging != null) { // the application's logging_config: for every deployment, unless its own entry sets one
            app = app.mapDeployments(d -> d.options(b -> b.loggingConfig(logging)));
        }
        app = applyOverrides(app, name, overrides);
        return nodes.problems().size() > problemsBefore ? null
                : new ConfiguredApplication(name, routePrefix, app.withConfigSource(o));
    }

    /** The file's {@code http_options}, after {@link #read}; defaults when it has none. */
    HttpOptions httpOptions() {
        return httpOptions;
    }

    /** "/" when absent, {@code null} when set to YAML null (no HTTP route). */
    private String routePrefix(ObjectNode o, KeyPath path) {
        KeyPath key = path.key("route_prefix");
        if (!o.has("route_prefix")) {
            requireUnique(routePrefixes, "/", key, key + " (the default)", "route_prefix");
            return "/";
        }
        JsonNode node = o.get("route_prefix");
        if (node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            nodes.problem(key, "must be a string starting with '/' (or null for no route), was " + ConfigNodes.show(node));
            return null;
        }
        return checkedRoutePrefix(node.textValue(), key);
    }

    private String checkedRoutePrefix(String routePrefix, KeyPath key) {
        try {
            ServeNames.checkRoutePrefix(routePrefix);
        } catch (IllegalArgumentException e) {
            nodes.problem(key, e.getMessage());
            return null;
        }
        requireUnique(routePrefixes, routePrefix, key, key.toString(), "route_prefix");
        return routePrefix;
    }

    private List<DeploymentOverride> readOverrides(JsonNode node, KeyPath path) {
        ArrayNode list = nodes.list(node, path);
        if (list == null) {
            return List.of();
        }
        var overrides = new ArrayList<DeploymentOverride>();
        var names = new HashMap<String, String>();
        for (int i = 0; i < list.size(); i++) {
            var override = DeploymentOverride.read(list.get(i), path.index(i), nodes);
            if (override != null && requireUnique(names, override.name(), override.path().key("name"),
                    override.path().key("name").toString(), "deployment")) {
                overrides.add(override);
            }
        }
        return overrides;
    }

    private Application<?> applyOverrides(Application<?> app, String appName, List<DeploymentOverride> overrides) {
        Set<String> existing = deploymentNames(app);
        var byName = new LinkedHashMap<String, DeploymentOverride>();
        for (var override : overrides) {
            if (existing.contains(override.name())) {
                byName.put(override.name(), override);
            } else {
                nodes.problem(override.path().key("name"), "no deployment named \"" + override.name() + "\" in "
                        + (appName == null ? "this application" : "application \"" + appName + "\"")
                        + "; its deployments: " + String.join(", ", existing));
            }
        }
        if (byName.isEmpty()) {
            return app;
        }
        return app.mapDeployments(d -> {
            var override = byName.get(d.name());
            return override == null ? d : override.applyTo(d);
        });
    }

    /** The names of every deployment in the bind tree, the ingress first. */
    static Set<String> deploymentNames(Application<?> app) {
        var names = new LinkedHashSet<String>();
        collectNames(app, names, Collections.newSetFromMap(new IdentityHashMap<>()));
        return names;
    }

    private static void collectNames(Application<?> app, Set<String> names, Set<Application<?>> seen) {
        if (!seen.add(app)) {
            return;
        }
        names.add(app.ingress().name());
        for (Object arg : app.args()) {
            if (arg instanceof Application<?> child) {
                collectNames(child, names, seen);
            } else if (arg instanceof java.util.List<?> list) {
                for (Object element : list) {
                    if (element instanceof Application<?> child) {
                        collectNames(child, names, seen);
                    }
                }
            }
        }
    }

    /** Records {@code value} as seen at {@code where}; a second sighting is a problem at {@code key}. */
    private boolean requireUnique(Map<String, String> seen, String value, KeyPath key, String where, String what) {
        String earlier = seen.putIfAbsent(value, where);
        if (earlier != null) {
            nodes.problem(key, "duplicate " + what + " \"" + value + "\" (also at " + earlier + ")");
            return false;
        }
        return true;
    }
}
