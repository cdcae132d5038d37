package dev.trellis.serve.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.serve.Application;
import dev.trellis.serve.LoggingConfig;
import dev.trellis.serve.Serve;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.Level;

/** {@code logging_config} at the application and the deployment level, with Ray's level names. */
class LoggingConfigFileTest {
    @TempDir
    Path dir;

    @Test
    void theApplicationsConfigAppliesToEveryDeploymentAndADeploymentsOwnEntryWins() throws IOException {
        Map<String, LoggingConfig> configs = loggingConfigs("""
                applications:
                  - name: greeter
                    import_path: %s:app
                    logging_config: {encoding: JSON, log_level: WARNING, enable_access_log: false}
                    deployments:
                      - name: Worker
                        logging_config: {log_level: debug}
                """);

        assertThat(configs.get("Ingress")).isEqualTo(LoggingConfig.builder().encoding(LoggingConfig.Encoding.JSON)
                .logLevel(Level.WARN).enableAccessLog(false).build());
        assertThat(configs.get("Worker").logLevel()).isEqualTo(Level.DEBUG);
        assertThat(configs.get("Worker").encoding()).as("an entry replaces the whole config").isNull();
    }

    @Test
    void criticalIsErrorAndUnsetLeavesTheCodesConfig() throws IOException {
        Map<String, LoggingConfig> configs = loggingConfigs("""
                applications:
                  - name: greeter
                    import_path: %s:app
                    deployments:
                      - name: Ingress
                        logging_config: {log_level: CRITICAL}
                """);

        assertThat(configs.get("Ingress").logLevel()).isEqualTo(Level.ERROR);
        assertThat(configs.get("Worker")).isNull();
    }

    @Test
    void badValuesAndUnknownKeysAreNamedWithTheirLines() throws IOException {
        Path file = write("""
                applications:
                  - name: greeter
                    import_path: %s:app
                    logging_config:
                      encoding: XML
                      log_level: LOUD
                      enable_access_log: sometimes
                      logs_dir: /tmp/logs
                      colour: true
                """);

        assertThatThrownBy(() -> ServeConfigFile.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("applications[0].logging_config.encoding (line 5): encoding must be TEXT or JSON, was 'XML'")
                .hasMessageContaining("applications[0].logging_config.log_level (line 6): log_level must be one of")
                .hasMessageContaining("was 'LOUD'")
                .hasMessageContaining("logging_config.enable_access_log (line 7): must be true or false")
                .hasMessageContaining("logging_config.logs_dir (line 8): is not supported")
                .hasMessageContaining("unknown key 'colour'");
    }

    /** An application whose worker logs at WARNING in JSON without an access log, as {@code serve build} reads it. */
    public static final Application<TestApps.Ingress> logged = Serve.deployment(TestApps.Ingress.class).bind(
            Serve.deployment(TestApps.Worker.class).options(o -> o.loggingConfig(LoggingConfig.builder()
                    .encoding(LoggingConfig.Encoding.JSON).logLevel(Level.WARN).enableAccessLog(false).build()))
                    .bind("hello"));

    @Test
    void serveBuildWritesTheLoggingConfigSetInCodeSoThatTheFileReadsBackTheSame() throws IOException {
        String yaml = ServeConfigBuild.yaml(List.of(LoggingConfigFileTest.class.getName() + ":logged"));
        assertThat(yaml).containsPattern("log_level: \"?WARNING");

        Map<String, LoggingConfig> configs = loggingConfigs(yaml);

        assertThat(configs.get("Worker")).isEqualTo(LoggingConfig.builder()
                .encoding(LoggingConfig.Encoding.JSON).logLevel(Level.WARN).enableAccessLog(false).build());
        assertThat(configs.get("Ingress")).isNull();
    }

    private Map<String, LoggingConfig> loggingConfigs(String yaml) throws IOException {
        Application<?> app = ServeConfigFile.load(write(yaml)).applications().getFirst().application();
        var configs = new HashMap<String, LoggingConfig>();
        app.mapDeployments(d -> {
            configs.put(d.name(), d.config().loggingConfig());
            return d;
        });
        return configs;
    }

    private Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("serve.yaml"), yaml.formatted(TestApps.class.getName()));
    }
}
