package dev.trellis.serve.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.trellis.serve.AutoscalingConfig;
import dev.trellis.serve.DefaultAutoscalingPolicy;
import dev.trellis.serve.DeploymentConfig;
import dev.trellis.serve.LoggingConfig;
import dev.trellis.serve.internal.spec.ApplicationPlanner;
import dev.trellis.serve.internal.spec.DeploymentSpec;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.List;

/**
 * What {@code trellis serve build} writes (Ray's {@code serve build}): a config file in Ray
 * Serve's schema for the applications the import paths name, with every deployment and every
 * option written out as the code sets it (annotations, {@code options(...)}, defaults), ready
 * to edit and to run with {@code trellis serve run}. Reading the file back gives the same
 * options.
 */
public final class ServeConfigBuild {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .build();

    private ServeConfigBuild() {
    }

    /**
     * The config for {@code importPaths}: applications named {@code app1}, {@code app2}...,
     * served at {@code /} when there is one and at {@code /app1}, {@code /app2}... otherwise.
     *
     * @throws ConfigException listing every import path that does not resolve or plan
     */
    public static String yaml(List<String> importPaths) {
        if (importPaths.isEmpty()) {
            throw new IllegalArgumentException("serve build needs at least one import path");
        }
        var root = NODES.objectNode();
        root.putObject("http_options").put("host", "127.0.0.1").put("port", 8000);
        var apps = root.putArray("applications");
        var problems = new java.util.ArrayList<ConfigProblem>();
        for (int i = 0; i < importPaths.size(); i++) {
            String importPath = importPaths.get(i);
            String name = "app" + (i + 1);
            String prefix = importPaths.size() == 1 ? "/" : "/" + name;
            String path = KeyPath.ROOT.key("applications").index(i).key("import_path").toString();
            try {
                var spec = ApplicationPlanner.plan(ImportPaths.resolve(importPath, null), name, prefix);
                ObjectNode app = apps.addObject().put("name", name).put("route_prefix", prefix)
                        .put("import_path", importPath);
                var deployments = app.putArray("deployments");
                for (DeploymentSpec d : spec.deployments().values()) {
                    deployments.add(deployment(d));
                }
            } catch (ConfigException e) {
                e.problems().forEach(p -> problems.add(new ConfigProblem(path, -1, p.message())));
            } catch (RuntimeException e) {
                problems.add(new ConfigProblem(path, -1, e.getMessage()));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException("import paths for serve build", problems);
        }
        try {
            return "# Written by trellis serve build: every deployment's options as its code sets them.\n"
                    + "# Edit, then run it with: trellis serve run <this file>\n" + YAML.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write the config as YAML", e);
        }
    }

    private static ObjectNode deployment(DeploymentSpec d) {
        DeploymentConfig c = d.config();
        ObjectNode o = NODES.objectNode().put("name", d.name());
        if (c.autoscalingConfig() == null) {
            o.put("num_replicas", c.numReplicas());
        } else {
            o.set("autoscaling_config", autoscaling(d.name(), c.autoscalingConfig()));
        }
        o.put("max_ongoing_requests", c.maxOngoingRequests());
        o.put("max_queued_requests", c.maxQueuedRequests());
        if (c.userConfig() != null) {
            o.set("user_config", c.userConfig().deepCopy());
        }
        o.put("health_check_period_s", seconds(c.healthCheckPeriod()));
        o.put("health_check_timeout_s", seconds(c.healthCheckTimeout()));
        o.put("graceful_shutdown_wait_loop_s", seconds(c.gracefulShutdownWaitLoop()));
        o.put("graceful_shutdown_timeout_s", seconds(c.gracefulShutdownTimeout()));
        o.put("rolling_update_share", c.rollingUpdateShare());
        if (c.maxReplicasPerNode() > 0) {
            o.put("max_replicas_per_node", c.maxReplicasPerNode());
        }
        ObjectNode actor = o.putObject("ray_actor_options")
                .put("num_cpus", c.resources().cpus()).put("num_gpus", c.resources().gpus());
        if (!c.resources().custom().isEmpty()) {
            ObjectNode custom = actor.putObject("resources");
            c.resources().custom().forEach(custom::put);
        }
        if (c.loggingConfig() != null) {
            o.set("logging_config", logging(c.loggingConfig()));
        }
        return o;
    }

    /** A logging config with Ray's names (WARNING for SLF4J's WARN); keys left unset are left out. */
    private static ObjectNode logging(LoggingConfig l) {
        ObjectNode o = NODES.objectNode();
        if (l.encoding() != null) {
            o.put("encoding", l.encoding().name());
        }
        if (l.logLevel() != null) {
            o.put("log_level", l.logLevel() == org.slf4j.event.Level.WARN ? "WARNING" : l.logLevel().name());
        }
        return o.put("enable_access_log", l.enableAccessLog());
    }

    private static ObjectNode autoscaling(String deployment, AutoscalingConfig a) {
        ObjectNode o = NODES.objectNode()
                .put("min_replicas", a.minReplicas())
                .put("max_replicas", a.maxReplicas());
        if (a.initialReplicas() != null) {
            o.put("initial_replicas", a.initialReplicas());
        }
        o.put("target_ongoing_requests", a.targetOngoingRequests())
                .put("upscale_delay_s", seconds(a.upscaleDelay()))
                .put("downscale_delay_s", seconds(a.downscaleDelay()));
        if (a.downscaleToZeroDelay() != null) {
            o.put("downscale_to_zero_delay_s", seconds(a.downscaleToZeroDelay()));
        }
        o.put("upscaling_factor", a.upscalingFactor())
                .put("downscaling_factor", a.downscalingFactor())
                .put("metrics_interval_s", seconds(a.metricsInterval()))
                .put("look_back_period_s", seconds(a.lookBackPeriod()))
                .put("aggregation_function", a.aggregationFunction().configName());
        Class<?> policy = a.policy().getClass();
        if (policy != DefaultAutoscalingPolicy.class) {
            if (!namedByClass(policy)) {
                throw new IllegalArgumentException("deployment " + deployment + ": its autoscaling policy ("
                        + policy.getName() + ") is not a public class with a public no-argument constructor, so a"
                        + " config file cannot name it; set it with policy(SomeClass.class) to build a config");
            }
            o.putObject("policy").put("policy_function", policy.getName());
        }
        return o;
    }

    private static boolean namedByClass(Class<?> cls) {
        if (cls.isSynthetic() || cls.isAnonymousClass() || cls.isHidden() || !Modifier.isPublic(cls.getModifiers())) {
            return false;
        }
        try {
            return Modifier.isPublic(cls.getConstructor().getModifiers());
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }
}
