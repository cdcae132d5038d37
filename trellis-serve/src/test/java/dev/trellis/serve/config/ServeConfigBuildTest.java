package dev.trellis.serve.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.serve.DeploymentConfig;
import dev.trellis.serve.internal.spec.ApplicationPlanner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServeConfigBuildTest {
    private static final String TUNED = "dev.trellis.serve.config.BuildApps:tuned";
    private static final String PLAIN = "dev.trellis.serve.config.TestApps:app";

    @TempDir
    Path dir;

    /** Each deployment's options as the code sets them. */
    private static Map<String, DeploymentConfig> inCode(String importPath) {
        var out = new LinkedHashMap<String, DeploymentConfig>();
        ApplicationPlanner.plan(ImportPaths.resolve(importPath, null), "app1", "/").deployments()
                .forEach((name, spec) -> out.put(name, spec.config()));
        return out;
    }

    /** Each deployment's options once the written file is read back and applied. */
    private static Map<String, DeploymentConfig> readBack(ConfiguredApplication app) {
        var out = new LinkedHashMap<String, DeploymentConfig>();
        ApplicationPlanner.plan(app.application(), app.name(), app.routePrefix()).deployments()
                .forEach((name, spec) -> out.put(name, spec.config()));
        return out;
    }

    private Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("serve.yaml"), yaml);
    }

    @Test
    void theWrittenFileReadsBackToTheSameOptions() throws IOException {
        var file = ServeConfigFile.load(write(ServeConfigBuild.yaml(List.of(TUNED))));

        var app = file.applications().getFirst();
        assertThat(app.name()).isEqualTo("app1");
        assertThat(app.routePrefix()).isEqualTo("/");
        var expected = inCode(TUNED);
        var actual = readBack(app);
        assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
        expected.forEach((name, config) -> {
            var back = actual.get(name);
            assertThat(back.numReplicas()).as(name).isEqualTo(config.numReplicas());
            assertThat(back.maxOngoingRequests()).as(name).isEqualTo(config.maxOngoingRequests());
            assertThat(back.maxQueuedRequests()).as(name).isEqualTo(config.maxQueuedRequests());
            assertThat(back.userConfig()).as(name).isEqualTo(config.userConfig());
            assertThat(back.resources()).as(name).isEqualTo(config.resources());
            assertThat(back.healthCheckPeriod()).as(name).isEqualTo(config.healthCheckPeriod());
            assertThat(back.gracefulShutdownTimeout()).as(name).isEqualTo(config.gracefulShutdownTimeout());
            assertThat(back.rollingUpdateShare()).as(name).isEqualTo(config.rollingUpdateShare());
            if (config.autoscalingConfig() == null) {
                assertThat(back.autoscalingConfig()).as(name).isNull();
            } else {
                var a = config.autoscalingConfig();
                var b = back.autoscalingConfig();
                assertThat(b).as(name).isNotNull();
                assertThat(b.minReplicas()).isEqualTo(a.minReplicas());
                assertThat(b.maxReplicas()).isEqualTo(a.maxReplicas());
                assertThat(b.targetOngoingRequests()).isEqualTo(a.targetOngoingRequests());
                assertThat(b.upscaleDelay()).isEqualTo(a.upscaleDelay());
                assertThat(b.downscaleDelay()).isEqualTo(a.downscaleDelay());
                assertThat(b.lookBackPeriod()).isEqualTo(a.lookBackPeriod());
                assertThat(b.aggregationFunction()).isEqualTo(a.aggregationFunction());
                assertThat(b.policy()).isInstanceOf(BuildApps.Doubling.class);
            }
        });
    }

    @Test
    void defaultsAreWrittenOutForEveryDeployment() {
        String yaml = ServeConfigBuild.yaml(List.of(PLAIN));

        assertThat(yaml).contains("import_path: " + PLAIN, "name: Worker", "max_ongoing_requests: 7",
                "name: Ingress", "max_ongoing_requests: 5", "num_replicas: 1", "graceful_shutdown_timeout_s: 20.0", "rolling_update_share: 0.2",
                "host: 127.0.0.1", "port: 8000");
    }

    @Test
    void severalImportPathsGetTheirOwnNamesAndPrefixes() throws IOException {
        var file = ServeConfigFile.load(write(ServeConfigBuild.yaml(List.of(PLAIN, TUNED))));

        assertThat(file.applications()).extracting(ConfiguredApplication::name).containsExactly("app1", "app2");
        assertThat(file.applications()).extracting(ConfiguredApplication::routePrefix).containsExactly("/app1", "/app2");
    }

    @Test
    void everyBadImportPathIsListed() {
        assertThatThrownBy(() -> ServeConfigBuild.yaml(List.of("dev.nope.Missing:app", PLAIN, "no-colon")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("applications[0].import_path")
                .hasMessageContaining("dev.nope.Missing")
                .hasMessageContaining("applications[2].import_path");
    }

    @Test
    void aPolicyAConfigFileCannotNameIsAClearError() {
        assertThatThrownBy(() -> ServeConfigBuild.yaml(List.of("dev.trellis.serve.config.BuildApps:lambdaPolicy")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("deployment Worker")
                .hasMessageContaining("public no-argument constructor");
    }
}
