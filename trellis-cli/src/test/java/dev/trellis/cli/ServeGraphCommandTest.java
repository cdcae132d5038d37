package dev.trellis.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServeGraphCommandTest {
    /** The repository's examples folder, from the module directory tests run in. */
    private static final Path IRIS = Path.of("..", "examples", "iris-ensemble.yaml");

    @Test
    void printsTheDeploymentsAndHandlesOfAConfigFileAsMermaid() {
        var run = CliRun.of("serve", "graph", IRIS.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("%% application 'iris' at /iris\nflowchart LR\n")
                .contains("[\"IrisEnsemble (ingress)\"]", "[\"LogisticRegression\"]", "[\"GradientBoosting\"]")
                .contains(" -. handle .-> d0");
    }

    @Test
    void printsDotForAnImportPath() {
        var run = CliRun.of("serve", "graph", "dev.trellis.examples.iris.IrisApp:app", "--format", "dot");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("digraph application {", "label=\"IrisEnsemble (ingress)\"",
                "[style=dotted, label=\"handle\"];");
    }

    @Test
    void aBadConfigFileExitsWithTheProblemAndNoStackTrace(@TempDir Path dir) throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.yaml"), "applications:\n  - name: x\n    colour: red\n");

        var run = CliRun.of("serve", "graph", bad.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("colour").doesNotContain("\tat ");
    }
}
