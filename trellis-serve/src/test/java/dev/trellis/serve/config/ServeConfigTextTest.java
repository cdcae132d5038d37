package dev.trellis.serve.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@link ServeConfigFile#parse}: a config received as text (YAML or JSON), as the admin API gets it. */
class ServeConfigTextTest {
    private static final String APP = TestApps.class.getName() + ":app";
    private static final String SOURCE = "Serve config (PUT /api/serve/applications/)";

    @Test
    void parsesJsonAndKeepsEachApplicationAsWritten() {
        var config = ServeConfigFile.parse("""
                {"applications": [{"name": "greeter", "route_prefix": "/g", "import_path": "%s",
                  "deployments": [{"name": "Worker", "num_replicas": 2}]}]}
                """.formatted(APP), SOURCE);

        assertThat(config.path()).isNull();
        assertThat(config.applications()).singleElement().satisfies(a -> assertThat(a.routePrefix()).isEqualTo("/g"));
        assertThat(config.applicationConfigs().get("greeter").get("deployments").get(0).get("num_replicas").intValue())
                .isEqualTo(2);
        assertThat(config.httpOptionsConfig()).isEmpty();
    }

    @Test
    void jsonProblemsNameTheKeyAndLine() {
        assertThatThrownBy(() -> ServeConfigFile.parse("""
                {"applications": [
                  {"name": "greeter",
                   "import_path": "%s",
                   "replicas": 3}
                ]}
                """.formatted(APP), SOURCE))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.source()).isEqualTo(SOURCE);
                    assertThat(e.problems()).singleElement().satisfies(p -> {
                        assertThat(p.keyPath()).isEqualTo("applications[0].replicas");
                        assertThat(p.line()).isEqualTo(4);
                    });
                });
    }

    @Test
    void duplicateJsonKeysAreRejected() {
        assertThatThrownBy(() -> ServeConfigFile.parse("{\"applications\": [], \"applications\": []}", SOURCE))
                .isInstanceOf(ConfigException.class).hasMessageContaining("not valid JSON");
    }

    @Test
    void yamlTextKeepsItsHttpOptions() {
        var config = ServeConfigFile.parse("""
                http_options:
                  port: 8123
                applications:
                  - name: greeter
                    import_path: %s
                """.formatted(APP), SOURCE);

        assertThat(config.httpOptions().port()).isEqualTo(8123);
        assertThat(config.httpOptionsConfig()).hasValueSatisfying(n -> assertThat(n.get("port").intValue()).isEqualTo(8123));
    }

    @Test
    void emptyTextIsOneProblem() {
        assertThatThrownBy(() -> ServeConfigFile.parse("  \n", SOURCE)).hasMessageContaining("the config is empty");
    }
}
