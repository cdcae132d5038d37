package dev.trellis.models.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trellis.core.ManualClock;
import dev.trellis.models.Model;
import dev.trellis.models.ModelLoadException;
import dev.trellis.models.TensorSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRegistryTest {
    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T10:00:00Z"));
    private ModelRegistry registry;
    private Path v1;
    private Path v2;

    @BeforeEach
    void setUp() throws IOException {
        registry = ModelRegistry.open(dir.resolve("registry"), clock);
        v1 = FakeRuntime.write(dir.resolve("demo-v1.fake"), 1, 0);
        v2 = FakeRuntime.write(dir.resolve("demo-v2.fake"), 2, 0);
    }

    private static float predict(Model model) {
        return model.predict(new float[] {1, 1}).scores()[0];
    }

    @Test
    void numbersVersionsFromOneInRegistrationOrder() {
        assertThat(registry.register("demo", v1.toString()).version()).isEqualTo(1);
        assertThat(registry.register("demo", v2.toString()).version()).isEqualTo(2);
        assertThat(registry.register("other", v2.toString()).version()).isEqualTo(1);

        assertThat(registry.versions("demo")).extracting(RegisteredModelVersion::version).containsExactly(1, 2);
    }

    @Test
    void keepsACopySoLaterEditsOfTheSourceDoNotChangeTheVersion() throws IOException {
        RegisteredModelVersion version = registry.register("demo", v1.toString());
        FakeRuntime.write(v1, 9, 9);

        assertThat(version.artifact()).isNotEqualTo(v1.toAbsolutePath());
        try (Model model = registry.load("models:/demo/1")) {
            assertThat(predict(model)).isEqualTo(1f);
        }
    }

    @Test
    void recordsWhatItKnowsAboutTheVersion() {
        RegisteredModelVersion v = registry.register("demo", v1.toString(),
                o -> o.description("first try").tag("team", "fraud"));

        assertThat(v.name()).isEqualTo("demo");
        assertThat(v.flavor()).as("chosen by the file name").isEqualTo("fake");
        assertThat(v.created()).isEqualTo(clock.instant());
        assertThat(v.source()).isEqualTo(v1.toString());
        assertThat(v.description()).isEqualTo("first try");
        assertThat(v.tags()).isEqualTo(Map.of("team", "fraud"));
        assertThat(v.runId()).isEmpty();
        assertThat(v.artifact()).isEqualTo(registry.root().resolve("models/demo/versions/1/artifact/demo-v1.fake"));
        assertThat(v.signature()).get().satisfies(s -> {
            assertThat(s.inputs()).containsExactly(new TensorSpec("x", "float", new long[] {-1, 2}));
            assertThat(s.outputs()).containsExactly(new TensorSpec("y", "float", new long[] {-1, 1}));
        });
        assertThat(v.uri()).hasToString("models:/demo/1");
    }

    @Test
    void anotherRegistryOnTheSameDirectoryReadsTheSameVersions() {
        RegisteredModelVersion written = registry.register("demo", v1.toString(), o -> o.description("d").alias("prod"));

        RegisteredModelVersion read = ModelRegistry.open(registry.root()).version("demo", 1);

        assertThat(read).isEqualTo(written);
        assertThat(read.aliases()).containsExactly("prod");
    }

    @Test
    void writesItsMetadataAsSnakeCaseJsonNextToTheArtifact() throws IOException {
        registry.register("demo", v1.toString(), o -> o.description("d"));

        var json = new ObjectMapper().readTree(registry.root().resolve("models/demo/versions/1/version.json").toFile());
        assertThat(json.get("format").asInt()).isEqualTo(1);
        assertThat(json.get("flavor").asText()).isEqualTo("fake");
        assertThat(json.get("created").asText()).isEqualTo("2026-03-01T10:00:00Z");
        assertThat(json.get("signature").get("inputs").get(0).get("element_type").asText()).isEqualTo("float");
        assertThat(json.has("run_id")).as("null fields are left out").isFalse();
    }

    @Test
    void registersWithoutASignatureWhenTheRuntimeCannotLoadTheFile() throws IOException {
        Path broken = Files.writeString(dir.resolve("broken.fake"), "not numbers");

        RegisteredModelVersion v = registry.register("broken", broken.toString());

        assertThat(v.version()).isEqualTo(1);
        assertThat(v.signature()).isEmpty();
        assertThatThrownBy(() -> registry.load("models:/broken/1"))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageStartingWith("cannot load models:/broken/1: fake model file")
                .hasMessageContaining("is unreadable");
    }

    @Test
    void anExplicitFlavorWinsOverTheFileName() throws IOException {
        Path unnamed = FakeRuntime.write(dir.resolve("model.weights"), 3, 0);

        RegisteredModelVersion v = registry.register("demo", unnamed.toString(), o -> o.flavor("fake"));

        assertThat(v.flavor()).isEqualTo("fake");
        assertThat(v.signature()).isPresent();
    }

    @Test
    void aFileNoRuntimeRecognizesNeedsAFlavor() throws IOException {
        Path unnamed = FakeRuntime.write(dir.resolve("model.weights"), 3, 0);

        assertThatThrownBy(() -> registry.register("demo", unnamed.toString()))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageStartingWith("no model runtime recognizes the file name model.weights;"
                        + " name its flavor (flavors: ")
                .hasMessageContaining("fake");
        assertThat(registry.list()).isEmpty();
    }

    @Test
    void rejectsAnUnknownFlavorNamingTheKnownOnes() {
        assertThatThrownBy(() -> registry.register("demo", v1.toString(), o -> o.flavor("onxx")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("flavor 'onxx' is unknown; flavors: ")
                .hasMessageContaining("fake");
    }

    @Test
    void rejectsAMissingSourceFile() {
        Path missing = dir.resolve("missing.fake");

        assertThatThrownBy(() -> registry.register("demo", missing.toString()))
                .isInstanceOf(ModelLoadException.class)
                .hasMessage("model file " + missing.toAbsolutePath() + " does not exist");
    }

    @Test
    void rejectsABadModelName() {
        assertThatThrownBy(() -> registry.register("../demo", v1.toString()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("model name must be 1 to 128 letters");
    }

    @Test
    void aVersionWhoseRegistrationDidNotFinishIsSkippedAndItsNumberNotReused() throws IOException {
        registry.register("demo", v1.toString());
        Files.createDirectories(registry.root().resolve("models/demo/versions/2/artifact")); // crashed mid-copy

        assertThat(registry.versions("demo")).extracting(RegisteredModelVersion::version).containsExactly(1);
        assertThat(registry.resolve("models:/demo/latest").version()).isEqualTo(1);
        assertThat(registry.register("demo", v2.toString()).version()).isEqualTo(3);
        assertThat(registry.resolve("models:/demo/latest").version()).isEqualTo(3);
    }

    @Test
    void listsModelsByNameWithTheirVersionsAndAliases() {
        registry.register("zeta", v1.toString());
        registry.register("demo", v1.toString());
        clock.advance(Duration.ofMinutes(1));
        registry.register("demo", v2.toString(), o -> o.alias("staging"));
        registry.setAlias("demo", "champion", 1);

        assertThat(registry.list()).extracting(RegisteredModel::name).containsExactly("demo", "zeta");
        RegisteredModel demo = registry.list().getFirst();
        assertThat(demo.latest().version()).isEqualTo(2);
        assertThat(demo.latest().created()).isEqualTo(Instant.parse("2026-03-01T10:01:00Z"));
        assertThat(demo.aliases()).containsExactly(Map.entry("champion", 1), Map.entry("staging", 2));
        assertThat(demo.aliasesText()).isEqualTo("champion=1, staging=2");
        assertThat(demo.versions().getFirst().aliases()).containsExactly("champion");
    }

    @Test
    void anEmptyRegistryListsNothing() {
        assertThat(registry.list()).isEmpty();
        assertThat(Files.exists(registry.root())).as("reading creates nothing").isFalse();
    }

    @Test
    void resolvesVersionsAliasesAndLatest() {
        registry.register("demo", v1.toString(), o -> o.alias("champion"));
        registry.register("demo", v2.toString());

        assertThat(registry.resolve("models:/demo/2").version()).isEqualTo(2);
        assertThat(registry.resolve("models:/demo@champion").version()).isEqualTo(1);
        assertThat(registry.resolve("models:/demo/latest").version()).isEqualTo(2);
    }

    @Test
    void movingAnAliasChangesWhatItResolvesTo() {
        registry.register("demo", v1.toString(), o -> o.alias("champion"));
        registry.register("demo", v2.toString());

        RegisteredModelVersion moved = registry.setAlias("demo", "champion", 2);

        assertThat(moved.version()).isEqualTo(2);
        assertThat(moved.aliases()).containsExactly("champion");
        assertThat(registry.resolve("models:/demo@champion").version()).isEqualTo(2);
        try (Model model = registry.load("models:/demo@champion")) {
            assertThat(predict(model)).isEqualTo(2f);
        }
    }

    @Test
    void deletingAnAliasReturnsTheVersionItPointedTo() {
        registry.register("demo", v1.toString(), o -> o.alias("champion").alias("staging"));

        assertThat(registry.deleteAlias("demo", "champion")).isEqualTo(1);

        assertThat(registry.aliases("demo")).containsOnlyKeys("staging");
        assertThatThrownBy(() -> registry.resolve("models:/demo@champion"))
                .isInstanceOf(ModelLoadException.class)
                .hasMessage("no alias 'champion' on model 'demo'; aliases: staging");
    }

    @Test
    void anUnknownAliasNamesTheAliasesThereAre() {
        registry.register("demo", v1.toString());

        assertThatThrownBy(() -> registry.resolve("models:/demo@champion"))
                .isInstanceOf(ModelLoadException.class)
                .hasMessage("no alias 'champion' on model 'demo'; it has no aliases");
        assertThatThrownBy(() -> registry.deleteAlias("demo", "champion"))
                .isInstanceOf(ModelLoadException.class)
                .hasMessage("no alias 'champion' on model 'demo'; it has no aliases");
    }

    @Test
    void anUnknownVersionNamesTheVersionsThereAre() {
        registry.register("iris", v1.toString());
        registry.register("iris", v1.toString());
        registry.register("iris", v1.toString());

        assertThatThrownBy(() -> registry.resolve("models:/iris/7"))
                .isInstanceOf(ModelLoadException.class)
                .hasMessage("no version 7 of model 'iris'; versions: 1, 2, 3");
        assertThatThrownBy(() -> registry.setAlias("iris", "champion", 7))
                .isInstanceOf(ModelLoadException.class)
                .hasMessage("no version 7 of model 'iris'; versions: 1, 2, 3");
    }

    @Test
    void anUnknownModelNamesTheModelsThereAre() {
        assertThatThrownBy(() -> registry.load("models:/iris@champion"))
                .isInstanceOf(ModelLoadException.class)
                .hasMessage("no model 'iris' in the registry at " + registry.root() + "; it has no models");
        registry.register("demo", v1.toString());
        registry.register("fraud", v1.toString());

        assertThatThrownBy(() -> registry.resolve("models:/iris/latest"))
                .isInstanceOf(ModelLoadException.class)
                .hasMessage("no model 'iris' in the registry at " + registry.root() + "; models: demo, fraud");
    }

    @Test
    void resolveTakesOnlyRegistryUris() {
        assertThatThrownBy(() -> registry.resolve("/srv/iris.onnx"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'/srv/iris.onnx' is not a registered model URI (models:/...); artifact(uri) gives the file it names");
    }

    @Test
    void loadsPlainPathsByTheFileName() {
        try (Model model = registry.load(v2.toString())) {
            assertThat(predict(model)).isEqualTo(2f);
        }
        try (Model model = registry.load(v1.toUri().toString())) {
            assertThat(predict(model)).isEqualTo(1f);
        }
    }

    @Test
    void aMissingPlainFileFailsNamingIt() {
        Path missing = dir.resolve("missing.fake");

        assertThatThrownBy(() -> registry.load(missing.toString()))
                .isInstanceOf(ModelLoadException.class)
                .hasMessage("model file " + missing.toAbsolutePath() + " does not exist");
    }

    @Test
    void registeringARegisteredVersionCopiesItWithItsFlavor() {
        registry.register("demo", v1.toString());

        RegisteredModelVersion copy = registry.register("prod-demo", "models:/demo/1");

        assertThat(copy.flavor()).isEqualTo("fake");
        assertThat(copy.source()).isEqualTo("models:/demo/1");
        assertThat(copy.artifact()).startsWith(registry.root().resolve("models/prod-demo"));
    }

    @Test
    void defaultRootComesFromTheSystemPropertyElseTheWorkingDirectory() {
        String before = System.getProperty(ModelRegistry.ROOT_PROPERTY);
        try {
            System.setProperty(ModelRegistry.ROOT_PROPERTY, dir.resolve("elsewhere").toString());
            assertThat(ModelRegistry.defaultRoot()).isEqualTo(dir.resolve("elsewhere").toAbsolutePath());
            System.clearProperty(ModelRegistry.ROOT_PROPERTY);
            if (System.getenv(ModelRegistry.ROOT_ENV) == null) {
                assertThat(ModelRegistry.defaultRoot()).isEqualTo(Path.of(".trellis", "models").toAbsolutePath());
            }
        } finally {
            if (before == null) {
                System.clearProperty(ModelRegistry.ROOT_PROPERTY);
            } else {
                System.setProperty(ModelRegistry.ROOT_PROPERTY, before);
            }
        }
    }
}
