package dev.trellis.models.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.models.Model;
import dev.trellis.models.ModelLoadException;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs' artifacts ({@code runs:/<run_id>/<path>}): MLflow's log_artifact, then register_model("runs:/..."). */
class ModelRegistryRunsTest {
    @TempDir
    Path dir;

    private ModelRegistry registry;
    private Path model;

    @BeforeEach
    void setUp() throws IOException {
        registry = ModelRegistry.open(dir.resolve("registry"));
        model = FakeRuntime.write(dir.resolve("gbc.fake"), 4, 0);
    }

    @Test
    void loggingAnArtifactGivesItsRunsUri() {
        ModelUri.Run uri = registry.logArtifact("run42", model, "model");

        assertThat(uri).hasToString("runs:/run42/model/gbc.fake");
        assertThat(registry.artifact(uri)).isEqualTo(registry.root().resolve("runs/run42/model/gbc.fake"));
    }

    @Test
    void anArtifactLoggedAtTheTopLevelHasJustItsFileName() {
        assertThat(registry.logArtifact("run42", model, null)).hasToString("runs:/run42/gbc.fake");
    }

    @Test
    void registeringFromARunRecordsTheRunId() {
        registry.logArtifact("run42", model, "model");

        RegisteredModelVersion v = registry.register("gbc", "runs:/run42/model/gbc.fake");

        assertThat(v.runId()).contains("run42");
        assertThat(v.source()).isEqualTo("runs:/run42/model/gbc.fake");
        assertThat(v.flavor()).isEqualTo("fake");
    }

    @Test
    void aRunsUriMayNameTheDirectoryHoldingTheModel() {
        registry.logArtifact("run42", model, "model");

        try (Model loaded = registry.load("runs:/run42/model")) {
            assertThat(loaded.predict(new float[] {1, 1}).scores()[0]).isEqualTo(4f);
        }
        assertThat(registry.register("gbc", "runs:/run42/model").runId()).contains("run42");
    }

    @Test
    void aDirectoryWithSeveralFilesMustBeNarrowedDown() throws IOException {
        registry.logArtifact("run42", model, "model");
        registry.logArtifact("run42", FakeRuntime.write(dir.resolve("labels.fake"), 1), "model");

        assertThatThrownBy(() -> registry.load("runs:/run42/model"))
                .isInstanceOf(ModelLoadException.class)
                .hasMessage("artifact directory 'model' of run 'run42' holds 2 files (gbc.fake, labels.fake);"
                        + " name one of them in the URI");
    }

    @Test
    void anUnknownArtifactNamesTheRunsArtifacts() {
        registry.logArtifact("run42", model, "model");

        assertThatThrownBy(() -> registry.load("runs:/run42/model/other.fake"))
                .isInstanceOf(ModelLoadException.class)
                .hasMessage("no artifact 'model/other.fake' in run 'run42'; artifacts: model/gbc.fake");
    }

    @Test
    void anUnknownRunIsNamed() {
        assertThatThrownBy(() -> registry.register("gbc", "runs:/nope/model"))
                .isInstanceOf(ModelLoadException.class)
                .hasMessage("no run 'nope' in the registry at " + registry.root());
    }

    @Test
    void newRunIdsAreUniqueHexLikeMlflows() {
        String id = ModelRegistry.newRunId();

        assertThat(id).matches("[0-9a-f]{32}").isNotEqualTo(ModelRegistry.newRunId());
        assertThat(registry.logArtifact(id, model, "m").runId()).isEqualTo(id);
    }

    @Test
    void rejectsABadRunIdOrArtifactPath() {
        assertThatThrownBy(() -> registry.logArtifact("../x", model, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("run id must be");
        assertThatThrownBy(() -> registry.logArtifact("run42", model, "../up"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("artifact path must be relative");
    }
}
