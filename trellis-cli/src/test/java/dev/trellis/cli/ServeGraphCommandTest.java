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
    void printsTheInferenceGraphWithBothBranchesFeedingTheCombiner() {
        var run = CliRun.of("serve", "graph", Path.of("..", "examples", "inference-graph.yaml").toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("step0[\"preprocessor\"]", "step1[\"avg_preprocessor\"]",
                "step2[\"Combiner.run\"]", "step0 --> step2", "step1 --> step2", "-. handle .-> step2");
    }

    @Test
    void servingAGraphPrintsACurlWithItsExampleInput() {
        var run = CliRun.of("serve", "run", Path.of("..", "examples", "inference-graph.yaml").toString(),
                "--port", "0", "--exit-after-start");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("/my-dag -H 'content-type: application/json' -d '[\"5\",[1,2],\"sum\"]'");
    }

    @Test
    void aBadConfigFileExitsWithTheProblemAndNoStackTrace(@TempDir Path dir) throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.yaml"), "applications:\n  - name: x\n    colour: red\n");

        var run = CliRun.of("serve", "graph", bad.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("colour").doesNotContain("\tat ");
    }
}
