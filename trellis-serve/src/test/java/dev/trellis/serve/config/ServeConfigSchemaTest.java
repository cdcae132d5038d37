package dev.trellis.serve.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The published JSON Schema stays in step with what the reader accepts: a key added to a
 * reader's key list without the schema (or the other way round) fails here. The repository's
 * example configs validate against it.
 */
class ServeConfigSchemaTest {
    private static final JsonNode SCHEMA = readSchema();

    @Test
    void topLevelKeysMatchTheReader() {
        assertThat(keys(SCHEMA)).containsExactlyInAnyOrderElementsOf(ServeConfigReader.TOP_LEVEL_KEYS);
    }

    @Test
    void applicationKeysMatchTheReader() {
        assertThat(keys(def("application"))).containsExactlyInAnyOrderElementsOf(ServeConfigReader.APPLICATION_KEYS);
    }

    @Test
    void deploymentKeysMatchTheReader() {
        assertThat(keys(def("deployment"))).containsExactlyInAnyOrderElementsOf(DeploymentOverride.KEYS);
        assertThat(keys(def("ray_actor_options"))).containsExactlyInAnyOrderElementsOf(DeploymentOverride.ACTOR_OPTION_KEYS);
    }

    @Test
    void httpOptionsKeysMatchTheReader() {
        assertThat(keys(def("http_options"))).containsExactlyInAnyOrderElementsOf(HttpOptionsReader.KEYS);
    }

    @Test
    void loggingConfigKeysMatchTheReader() {
        assertThat(keys(def("logging_config"))).containsExactlyInAnyOrderElementsOf(LoggingConfigReader.KEYS);
        assertThat(def("application").get("properties").get("logging_config").get("$ref").asText())
                .isEqualTo("#/$defs/logging_config");
        assertThat(def("deployment").get("properties").get("logging_config").get("$ref").asText())
                .isEqualTo("#/$defs/logging_config");
    }

    @Test
    void autoscalingKeysMatchTheReader() {
        assertThat(keys(def("autoscaling_config"))).containsExactlyInAnyOrderElementsOf(AutoscalingConfigReader.KEYS);
        JsonNode policyObject = null;
        for (JsonNode option : def("autoscaling_config").get("properties").get("policy").get("oneOf")) {
            if (option.has("properties")) {
                policyObject = option;
            }
        }
        assertThat(policyObject).isNotNull();
        assertThat(keys(policyObject)).containsExactlyInAnyOrderElementsOf(AutoscalingConfigReader.POLICY_KEYS);
    }

    @Test
    void everyMappingRejectsUnknownKeys() {
        assertThat(SCHEMA.get("additionalProperties").asBoolean(true)).isFalse();
        for (String def : List.of("application", "deployment", "http_options", "ray_actor_options", "autoscaling_config")) {
            assertThat(def(def).get("additionalProperties").asBoolean(true)).as(def).isFalse();
        }
    }

    @Test
    void repositoryExamplesAreValid() throws IOException {
        Schema schema = validator();
        List<Path> examples;
        try (Stream<Path> files = Files.list(repositoryRoot().resolve("examples"))) {
            examples = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(examples).isNotEmpty();
        for (Path example : examples) {
            List<Error> errors = schema.validate(Files.readString(example), InputFormat.YAML);
            assertThat(errors).as(example.toString()).isEmpty();
        }
    }

    @Test
    void schemaRejectsAnUnknownKeyAndAWrongType() {
        List<Error> errors = validator().validate("""
                applications:
                  - name: a
                    import_path: com.example.Apps:app
                    replicas: 2
                    deployments:
                      - name: Model
                        num_replicas: two
                """, InputFormat.YAML);

        var locations = new ArrayList<String>();
        errors.forEach(e -> locations.add(e.getInstanceLocation() + " " + e.getMessage()));
        assertThat(locations).anySatisfy(l -> assertThat(l).contains("replicas"))
                .anySatisfy(l -> assertThat(l).contains("num_replicas"));
    }

    @Test
    void schemaIsServedAsText() throws IOException {
        assertThat(new ObjectMapper().readTree(ServeConfigSchema.text())).isEqualTo(SCHEMA);
    }

    private static Schema validator() {
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(ServeConfigSchema.text(), InputFormat.JSON);
    }

    private static JsonNode def(String name) {
        JsonNode node = SCHEMA.get("$defs").get(name);
        assertThat(node).as("$defs." + name).isNotNull();
        return node;
    }

    private static List<String> keys(JsonNode object) {
        var keys = new ArrayList<String>();
        object.get("properties").fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    private static JsonNode readSchema() {
        try (var in = ServeConfigSchema.class.getResourceAsStream(ServeConfigSchema.RESOURCE)) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("examples")) && Files.exists(dir.resolve("mvnw"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no repository root with examples/ above " + Path.of("").toAbsolutePath());
    }
}
