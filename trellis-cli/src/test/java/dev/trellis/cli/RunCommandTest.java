package dev.trellis.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code trellis run}: each test runs the command in-process, which starts the program in a JVM of
 * its own with this JVM's class path (the examples are on it, as in the distribution).
 */
class RunCommandTest {
    private static final String PROBE = RunProbe.class.getName();

    @Test
    void runsTheMonteCarloExampleWithItsArguments() {
        var run = CliRun.of("run", "dev.trellis.examples.core.MonteCarloPi", "--tasks", "4", "--samples-per-task", "20000");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).containsPattern("pi ~ 3\\.\\d+").contains("4 tasks x 20000 points", "tasks per node:");
    }

    @Test
    void passesTheArgumentsThroughAndTheAddressAsTrellisAddress() {
        var run = CliRun.of("run", PROBE, "a", "--address", "10.0.0.7:6380", "--x", "y", "-h");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("address=10.0.0.7:6380", "args=[a, --x, y, -h]");
        assertThat(run.err()).contains("probe stderr");

        var before = CliRun.of("run", "--address=10.0.0.8:6380", PROBE, "b");
        assertThat(before.out()).contains("address=10.0.0.8:6380", "args=[b]");
    }

    @Test
    void afterADoubleDashEverythingGoesToTheProgram() {
        var run = CliRun.of("run", PROBE, "a", "--", "--address", "kept", "--");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("args=[a, --address, kept, --]");
    }

    @Test
    void exitsWithTheProgramsExitCode() {
        var run = CliRun.of("run", PROBE, "exit=3");

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.out()).contains("args=[exit=3]");
    }

    @Test
    void theAddressReachesTrellisInitInTheProgram() {
        // Joining a cluster is not built yet: the example's Trellis.init() says so, naming the address it was given.
        var run = CliRun.of("run", "dev.trellis.examples.core.MonteCarloPi", "--tasks", "1", "--address", "127.0.0.1:1");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("cannot join the Trellis cluster at 127.0.0.1:1");
    }

    @Test
    void anUnknownMainClassIsABadInputNamingIt() {
        var run = CliRun.of("run", "com.example.NoSuchDriver", "--tasks", "4");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("main class 'com.example.NoSuchDriver' is not on the class path");
    }

    @Test
    void aClassWithoutMainIsABadInput() {
        var run = CliRun.of("run", CliRun.class.getName());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("class '" + CliRun.class.getName() + "' has no main method");
    }

    @Test
    void aBadAddressIsABadInputNamingIt() {
        var run = CliRun.of("run", PROBE, "--address", "nohost");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("bad --address 'nohost'");
        assertThat(run.out()).doesNotContain("args=");
    }

    @Test
    void anExampleMayBeNamedWithoutItsPackage() {
        assertThat(RunCommand.findMainClass("MonteCarloPi", java.util.List.of()))
                .isEqualTo("dev.trellis.examples.core.MonteCarloPi");
    }

    @Test
    void helpAndMissingMainClass() {
        assertThat(CliRun.of("--help").out()).contains("run");
        var help = CliRun.of("run", "--help");
        assertThat(help.out()).contains("MAIN_CLASS", "--address", "--class-path", "TRELLIS_ADDRESS");
        var missing = CliRun.of("run");
        assertThat(missing.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(missing.err()).contains("Missing required parameter: 'MAIN_CLASS'");
    }
}
