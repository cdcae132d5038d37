package dev.trellis.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Command-line parsing and help; nothing here starts the runtime. */
class TrellisCliTest {

    @Test
    void topLevelHelpListsServe() {
        var run = CliRun.of("--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Usage: trellis", "serve");
    }

    @Test
    void serveHelpListsRun() {
        var run = CliRun.of("serve", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Usage: trellis serve", "run");
    }

    @Test
    void serveRunHelpDocumentsEveryOption() {
        var run = CliRun.of("serve", "run", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("TARGET", "--name", "--route-prefix", "--num-cpus", "--num-gpus",
                "--host", "--port", "--exit-after-start");
    }

    @Test
    void parsesServeRunOptions() {
        var commandLine = TrellisCli.commandLine();
        var parsed = commandLine.parseArgs("serve", "run", "com.example.Apps:app", "--name", "calc",
                "--route-prefix", "/calc", "--num-cpus", "2.5", "--num-gpus", "0.5", "--exit-after-start");

        ServeRunCommand run = parsed.subcommand().subcommand().commandSpec().commandLine().getCommand();
        assertThat(run.target).isEqualTo("com.example.Apps:app");
        assertThat(run.name).isEqualTo("calc");
        assertThat(run.routePrefix).isEqualTo("/calc");
        assertThat(run.node.numCpus).isEqualTo(2.5);
        assertThat(run.node.numGpus).isEqualTo(0.5);
        assertThat(run.exitAfterStart).isTrue();
    }

    @Test
    void leavesUnsetOptionsNull() {
        var parsed = TrellisCli.commandLine().parseArgs("serve", "run", "serve.yaml");

        ServeRunCommand run = parsed.subcommand().subcommand().commandSpec().commandLine().getCommand();
        assertThat(run.name).isNull();
        assertThat(run.routePrefix).isNull();
        assertThat(run.node.numCpus).isNull();
        assertThat(run.exitAfterStart).isFalse();
    }

    @Test
    void rejectsUnknownOptionWithUsageExitCode() {
        var run = CliRun.of("serve", "run", "serve.yaml", "--http-port", "8000");

        assertThat(run.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(run.err()).contains("Unknown options: '--http-port'");
    }

    @Test
    void rejectsServeRunWithoutTarget() {
        var run = CliRun.of("serve", "run");

        assertThat(run.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(run.err()).contains("Missing required parameter: 'TARGET'");
    }

    @Test
    void recognisesConfigFilesBySuffix() {
        assertThat(ServeRunCommand.isConfigFile("examples/iris.YAML")).isTrue();
        assertThat(ServeRunCommand.isConfigFile("serve.yml")).isTrue();
        assertThat(ServeRunCommand.isConfigFile("com.example.Apps:app")).isFalse();
    }
}
