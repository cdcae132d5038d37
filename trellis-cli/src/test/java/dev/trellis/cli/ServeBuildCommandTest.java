package dev.trellis.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.serve.config.ServeConfigFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServeBuildCommandTest {
    @TempDir
    Path dir;

    @Test
    void writesAConfigThatServeCanReadBack() throws Exception {
        Path file = dir.resolve("iris.yaml");
        var run = CliRun.of("serve", "build", "dev.trellis.examples.iris.IrisApp:app", "-o", file.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("Wrote " + file, "trellis serve run " + file);
        assertThat(Files.readString(file)).contains("import_path: dev.trellis.examples.iris.IrisApp:app",
                "name: IrisEnsemble", "max_ongoing_requests:", "ray_actor_options:");
        var config = ServeConfigFile.load(file);
        assertThat(config.applications()).hasSize(1);
        assertThat(config.applications().getFirst().routePrefix()).isEqualTo("/");
    }

    @Test
    void printsToStandardOutputWithoutAFile() {
        var run = CliRun.of("serve", "build", "dev.trellis.examples.iris.IrisApp:app");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("# Written by trellis serve build").contains("applications:");
    }

    @Test
    void aBadImportPathIsABadConfigExitWithTheProblem() {
        var run = CliRun.of("serve", "build", "dev.nope.Missing:app");

        assertThat(run.exitCode()).isEqualTo(ServeRunCommand.EXIT_BAD_CONFIG);
        assertThat(run.err()).contains("applications[0].import_path", "dev.nope.Missing");
    }
}
