package dev.trellis.serve.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.trellis.serve.HttpOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Serve config file in Ray Serve's YAML schema, loaded and fully validated. Supported keys:
 *
 * <pre>
 * applications:                      # required, at least one
 *   - name: iris                     # required, unique
 *     route_prefix: /iris            # default "/"; unique; null for no HTTP route
 *     import_path: com.example.Apps:app   # required; see {@link ImportPaths}
 *     args: {model: small}           # optional mapping passed to an application builder
 *     deployments:                   # optional overrides of options set in code
 *       - name: Model                # required; a deployment of this application
 *         num_replicas: 2            # or "auto"; not together with a number and autoscaling_config
 *         max_ongoing_requests: 8
 *         max_queued_requests: 100   # -1 for unlimited
 *         user_config: {threshold: 0.5}   # any YAML value
 *         health_check_period_s: 10  # seconds, fractions allowed
 *         health_check_timeout_s: 30
 *         graceful_shutdown_wait_loop_s: 2
 *         graceful_shutdown_timeout_s: 20
 *         rolling_update_share: 0.2   # share of replicas a code update replaces at a time, (0, 1]
 *         ray_actor_options: {num_cpus: 0.5, num_gpus: 0.25, resources: {accelerator: 1}}
 *         autoscaling_config: {min_replicas: 0, max_replicas: 10, target_ongoing_requests: 2}
 * </pre>
 *
 * plus the top-level {@code http_options} (see {@code HttpOptionsReader}: host, port,
 * request_timeout_s, max_request_body_bytes, back_pressure_status, retry_after_s, access_log)
 * and {@code proxy_location} ({@code EveryNode}, {@code HeadOnly} or {@code Disabled}: see
 * {@link dev.trellis.serve.ProxyLocation}).
 * {@code autoscaling_config} takes Ray's keys (see {@code AutoscalingConfigReader}).
 * Any other key (Ray's {@code grpc_options}, {@code placement_group_bundles}...) is rejected rather
 * than ignored, so a setting never silently does nothing. Loading collects every problem
 * before failing with one {@link ConfigException}. The same config may come as text
 * ({@link #parse}: YAML, or JSON, which the admin API receives); it keeps each application's
 * entry as written ({@link #applicationConfigs()}) so that the config in force can be shown.
 * Immutable.
 */
public final class ServeConfigFile {
    private final Path path;
    private final List<ConfiguredApplication> applications;
    private final HttpOptions httpOptions;
    private final Map<String, JsonNode> applicationConfigs;
    private final JsonNode httpOptionsConfig;
    private final YamlLineIndex lines;
    private final dev.trellis.serve.ProxyLocation proxyLocation;

    private ServeConfigFile(Path path, List<ConfiguredApplication> applications, HttpOptions httpOptions,
                            Map<String, JsonNode> applicationConfigs, JsonNode httpOptionsConfig, YamlLineIndex lines,
                            dev.trellis.serve.ProxyLocation proxyLocation) {
        this.lines = lines;
        this.proxyLocation = proxyLocation;
        this.path = path;
        this.applications = List.copyOf(applications);
        this.httpOptions = httpOptions;
        this.applicationConfigs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(applicationConfigs));
        this.httpOptionsConfig = httpOptionsConfig;
    }

    /**
     * Reads, validates and resolves {@code file}: every import path is loaded and every
     * override applied, so the applications are ready for {@link dev.trellis.serve.Serve#run}.
     *
     * @throws ConfigException listing every problem, naming the file
     */
    public static ServeConfigFile load(Path file) {
        String source = "Serve config file " + file;
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw fileProblem(source, 0, "no such file");
        } catch (IOException e) {
            throw fileProblem(source, 0, "cannot read it: " + e);
        }
        return read(text, source, file);
    }

    /**
     * Validates and resolves a config given as text, as {@link #load} does a file: YAML, or JSON
     * when the text starts with '{' (JSON is YAML too, but a JSON parser also accepts the tabs
     * pretty-printers use). Line numbers in the problems are those of {@code text}.
     *
     * @param source what the text is, for messages, e.g. {@code "Serve config (PUT /api/serve/applications/)"}
     * @throws ConfigException listing every problem, naming {@code source}
     */
    public static ServeConfigFile parse(String text, String source) {
        return read(text, source, null);
    }

    private static ServeConfigFile read(String text, String source, Path file) {
        boolean json = text.stripLeading().startsWith("{");
        JsonFactory factory = json
                ? JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build()
                : YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
        ObjectMapper mapper = json ? new JsonMapper(factory) : new YAMLMapper((YAMLFactory) factory);
        JsonNode root;
        try {
            root = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw fileProblem(source, line, "not valid " + (json ? "JSON" : "YAML") + ": " + e.getOriginalMessage().strip());
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw fileProblem(source, 0, (file == null ? "the config" : "the file")
                    + " is empty; it needs a top-level 'applications' list");
        }
        var lines = YamlLineIndex.of(text, factory);
        var nodes = new ConfigNodes(lines);
        var reader = new ServeConfigReader(nodes);
        var applications = reader.read(root);
        if (!nodes.problems().isEmpty()) {
            var problems = new ArrayList<>(nodes.problems());
            problems.sort(Comparator.comparingInt(p -> p.line() == 0 ? Integer.MAX_VALUE : p.line()));
            throw new ConfigException(source, problems);
        }
        var configs = new LinkedHashMap<String, JsonNode>();
        for (JsonNode app : root.get("applications")) {
            configs.put(app.get("name").textValue(), app.deepCopy());
        }
        JsonNode http = root.get("http_options");
        return new ServeConfigFile(file, applications, reader.httpOptions(), configs,
                http == null || http.isNull() ? null : http.deepCopy(), lines, reader.proxyLocation());
    }

    /** The top-level {@code proxy_location}, if the config sets one. */
    public Optional<dev.trellis.serve.ProxyLocation> proxyLocation() {
        return Optional.ofNullable(proxyLocation);
    }

    /** The file it was loaded from; null for a config {@linkplain #parse parsed} from text. */
    public Path path() {
        return path;
    }

    /** The HTTP proxy's settings ({@code http_options}); {@link HttpOptions#defaults()} when the file has none. */
    public HttpOptions httpOptions() {
        return httpOptions;
    }

    /** The {@code http_options} mapping as written, if the config has one. */
    public Optional<JsonNode> httpOptionsConfig() {
        return Optional.ofNullable(httpOptionsConfig).map(JsonNode::deepCopy);
    }

    /** The applications, in file order. */
    public List<ConfiguredApplication> applications() {
        return applications;
    }

    /** Each application's entry as written (name, route_prefix, import_path, args, deployments), by name, in file order. */
    public Map<String, JsonNode> applicationConfigs() {
        var copies = new LinkedHashMap<String, JsonNode>();
        applicationConfigs.forEach((name, node) -> copies.put(name, node.deepCopy()));
        return copies;
    }

    /**
     * The line of the mapping key reached through {@code keys} from the top (e.g.
     * {@code "http_options", "port"}; a key of digits is a list index: {@code "applications", "0"}), or of
     * its nearest ancestor in the text; 0 when unknown.
     * For problems found after loading, such as a config that contradicts what is running.
     */
    public int lineOf(String... keys) {
        KeyPath path = KeyPath.ROOT;
        for (String key : keys) {
            path = !key.isEmpty() && key.chars().allMatch(Character::isDigit) ? path.index(Integer.parseInt(key)) : path.key(key);
        }
        return lines.lineOf(path);
    }

    private static ConfigException fileProblem(String source, int line, String message) {
        return new ConfigException(source, List.of(new ConfigProblem("", line, message)));
    }
}
