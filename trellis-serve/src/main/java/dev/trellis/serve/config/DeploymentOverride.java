package dev.trellis.serve.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trellis.serve.AutoscalingConfig;
import dev.trellis.serve.DeploymentConfig;
import dev.trellis.serve.DeploymentDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * One entry of an application's {@code deployments} list: the deployment it names and the
 * options it overrides, each kept with the key it came from. Keys left out keep the value set
 * in code ({@link dev.trellis.serve.Deployment}, {@link DeploymentDefinition#options}); so do
 * keys set to YAML {@code null}, except {@code user_config: null}, which clears the user config.
 * Inside {@code ray_actor_options} each key overrides separately, and each entry of
 * {@code resources} sets one custom resource.
 *
 * <p>Replica count, as in Ray: a number in {@code num_replicas} fixes it (and drops an
 * autoscaling config set in code); {@code num_replicas: auto} autoscales with Ray's auto defaults;
 * {@code autoscaling_config} (see {@link AutoscalingConfigReader}) autoscales and replaces any
 * autoscaling config set in code. A number together with {@code autoscaling_config} is an error.
 *
 * <p>Values are range-checked by {@link DeploymentConfig.Builder} itself when the file is
 * read, so a file never holds a value that the builder would refuse later.
 */
record DeploymentOverride(String name, KeyPath path, List<Setting> settings) {

    static final List<String> KEYS = List.of("name", "num_replicas", "max_ongoing_requests",
            "max_queued_requests", "user_config", "health_check_period_s", "health_check_timeout_s",
            "graceful_shutdown_wait_loop_s", "graceful_shutdown_timeout_s", "ray_actor_options",
            "autoscaling_config", "rolling_update_share", "logging_config", "max_replicas_per_node");
    static final List<String> ACTOR_OPTION_KEYS = List.of("num_cpus", "num_gpus", "resources");

    /** One overridden option: where the file sets it and how it changes a builder. */
    record Setting(KeyPath path, Consumer<DeploymentConfig.Builder> change) {
    }

    /** {@code definition} with these overrides applied on top of its own options. */
    DeploymentDefinition<?> applyTo(DeploymentDefinition<?> definition) {
        return definition.options(b -> settings.forEach(s -> s.change().accept(b)));
    }

    /** Reads one override; records every problem in {@code nodes}; null when it has no usable name. */
    static DeploymentOverride read(JsonNode node, KeyPath path, ConfigNodes nodes) {
        ObjectNode o = nodes.mapping(node, path, KEYS);
        if (o == null) {
            return null;
        }
        String name = nodes.string(o, path, "name", true);
        var settings = new ArrayList<Setting>();
        readReplicaCount(o, path, nodes, settings);
        add(settings, path.key("max_ongoing_requests"), nodes.integer(o, path, "max_ongoing_requests"),
                DeploymentConfig.Builder::maxOngoingRequests);
        add(settings, path.key("max_queued_requests"), nodes.integer(o, path, "max_queued_requests"),
                DeploymentConfig.Builder::maxQueuedRequests);
        if (o.has("user_config")) {
            JsonNode userConfig = o.get("user_config");
            settings.add(new Setting(path.key("user_config"), b -> b.userConfig(userConfig.isNull() ? null : userConfig)));
        }
        add(settings, path.key("health_check_period_s"), nodes.seconds(o, path, "health_check_period_s"),
                DeploymentConfig.Builder::healthCheckPeriod);
        add(settings, path.key("health_check_timeout_s"), nodes.seconds(o, path, "health_check_timeout_s"),
                DeploymentConfig.Builder::healthCheckTimeout);
        add(settings, path.key("graceful_shutdown_wait_loop_s"), nodes.seconds(o, path, "graceful_shutdown_wait_loop_s"),
                DeploymentConfig.Builder::gracefulShutdownWaitLoop);
        add(settings, path.key("graceful_shutdown_timeout_s"), nodes.seconds(o, path, "graceful_shutdown_timeout_s"),
                DeploymentConfig.Builder::gracefulShutdownTimeout);
        add(settings, path.key("rolling_update_share"), nodes.number(o, path, "rolling_update_share"),
                DeploymentConfig.Builder::rollingUpdateShare);
        add(settings, path.key("max_replicas_per_node"), nodes.integer(o, path, "max_replicas_per_node"),
                DeploymentConfig.Builder::maxReplicasPerNode);
        var logging = LoggingConfigReader.read(o.get("logging_config"), path.key("logging_config"), nodes);
        if (logging != null) {
            settings.add(new Setting(path.key("logging_config"), b -> b.loggingConfig(logging)));
        }
        JsonNode actorOptions = o.get("ray_actor_options");
        if (actorOptions != null && !actorOptions.isNull()) {
            readActorOptions(actorOptions, path.key("ray_actor_options"), nodes, settings);
        }
        settings.removeIf(s -> !accepted(s, nodes));
        return name == null ? null : new DeploymentOverride(name, path, List.copyOf(settings));
    }

    /** {@code num_replicas} (a number or "auto") and {@code autoscaling_config}. */
    private static void readReplicaCount(ObjectNode o, KeyPath path, ConfigNodes nodes, List<Setting> settings) {
        JsonNode count = o.get("num_replicas");
        boolean auto = count != null && count.isTextual() && count.textValue().strip().equals("auto");
        Integer fixed = null;
        if (auto) {
            settings.add(new Setting(path.key("num_replicas"), DeploymentConfig.Builder::numReplicasAuto));
        } else if (count != null && count.isTextual()) {
            nodes.problem(path.key("num_replicas"), "must be an integer or \"auto\", was " + ConfigNodes.show(count));
        } else {
            fixed = nodes.integer(o, path, "num_replicas");
            add(settings, path.key("num_replicas"), fixed, DeploymentConfig.Builder::numReplicas);
        }
        JsonNode autoscaling = o.get("autoscaling_config");
        if (autoscaling == null || autoscaling.isNull()) {
            return;
        }
        KeyPath autoscalingPath = path.key("autoscaling_config");
        if (fixed != null) {
            nodes.problem(path.key("num_replicas"), "Manually setting num_replicas is not allowed when"
                    + " autoscaling_config is provided (num_replicas " + fixed + "); remove it or set it to \"auto\"");
        }
        var config = AutoscalingConfigReader.read(autoscaling, autoscalingPath, nodes,
                auto ? AutoscalingConfig.autoDefaults() : AutoscalingConfig.defaults());
        if (config != null && fixed == null) {
            settings.add(new Setting(autoscalingPath, b -> b.autoscaling(config)));
        }
    }

    private static void readActorOptions(JsonNode node, KeyPath path, ConfigNodes nodes, List<Setting> settings) {
        ObjectNode o = nodes.mapping(node, path, ACTOR_OPTION_KEYS);
        if (o == null) {
            return;
        }
        add(settings, path.key("num_cpus"), nodes.number(o, path, "num_cpus"), DeploymentConfig.Builder::numCpus);
        add(settings, path.key("num_gpus"), nodes.number(o, path, "num_gpus"), DeploymentConfig.Builder::numGpus);
        JsonNode resources = o.get("resources");
        if (resources == null || resources.isNull()) {
            return;
        }
        KeyPath resourcesPath = path.key("resources");
        if (!resources.isObject()) {
            nodes.problem(resourcesPath, "must be a mapping of resource name to amount, was "
                    + ConfigNodes.show(resources));
            return;
        }
        resources.properties().forEach(e -> {
            String resource = e.getKey();
            add(settings, resourcesPath.key(resource), nodes.number(e.getValue(), resourcesPath.key(resource)),
                    (b, amount) -> b.resource(resource, amount));
        });
    }

    private static <V> void add(List<Setting> settings, KeyPath path, V value,
                                BiConsumer<DeploymentConfig.Builder, V> setter) {
        if (value != null) {
            settings.add(new Setting(path, b -> setter.accept(b, value)));
        }
    }

    /** Whether the builder takes the setting's value; if not, its message becomes the problem. */
    private static boolean accepted(Setting setting, ConfigNodes nodes) {
        try {
            setting.change().accept(DeploymentConfig.defaults().toBuilder());
            return true;
        } catch (IllegalArgumentException e) {
            nodes.problem(setting.path(), e.getMessage());
            return false;
        }
    }
}
