package dev.trellis.examples.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.trellis.core.Trellis;
import dev.trellis.core.TrellisOptions;
import org.junit.jupiter.api.Test;

class MonteCarloPiTest {
    @Test
    void estimatesPiWithinFiveHundredthsAndSaysWhichNodesRanTheTasks() {
        Trellis.init(TrellisOptions.builder().numCpus(2).build());
        try {
            MonteCarloPi.Estimate e = MonteCarloPi.estimate(8, 250_000);
            assertThat(e.pi()).isCloseTo(Math.PI, within(0.05));
            assertThat(e.samples()).isEqualTo(2_000_000);
            assertThat(e.tasksPerNode()).containsOnlyKeys(Trellis.nodeId());
            assertThat(e.tasksPerNode().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(8);

            MonteCarloPi.Estimate again = MonteCarloPi.estimate(8, 250_000);
            assertThat(again.hits()).as("each task is seeded by its index").isEqualTo(e.hits());
        } finally {
            Trellis.shutdown();
        }
    }

    @Test
    void mainPrintsTheEstimateAndTheTasksPerNodeAndStopsTrellis() {
        var run = DriverRun.of(MonteCarloPi::run, "--tasks", "4", "--samples-per-task=100000");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).containsPattern("pi ~ 3\\.1\\d+").contains("4 tasks x 100000 points", "tasks per node:")
                .containsPattern("\\n  n\\w+: 4\\n");
        assertThat(Trellis.isInitialized()).isFalse();
    }

    @Test
    void badArgumentsNameTheArgumentAndValueAndExitWithTwo() {
        assertUsage(DriverRun.of(MonteCarloPi::run, "--tasks", "zero"),
                "--tasks must be an integer from 1 to 10000000, was 'zero'");
        assertUsage(DriverRun.of(MonteCarloPi::run, "--tasks", "0"), "--tasks must be an integer from 1", "was '0'");
        assertUsage(DriverRun.of(MonteCarloPi::run, "--samples-per-task", "-5"),
                "--samples-per-task must be an integer from 1", "was '-5'");
        assertUsage(DriverRun.of(MonteCarloPi::run, "--task", "4"), "unknown option '--task'");
        assertUsage(DriverRun.of(MonteCarloPi::run, "--tasks"), "option '--tasks' needs a value");
        assertUsage(DriverRun.of(MonteCarloPi::run, "4"), "unexpected argument '4'");
        assertUsage(DriverRun.of(MonteCarloPi::run, "--address", "nohost"), "--address must be host:port, was 'nohost'");
        assertUsage(DriverRun.of(MonteCarloPi::run, "--tasks", "1", "--tasks=2"), "option '--tasks' given twice");
        assertThat(Trellis.isInitialized()).isFalse();
    }

    @Test
    void helpPrintsTheUsage() {
        var run = DriverRun.of(MonteCarloPi::run, "--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("--tasks", "--samples-per-task", "--address");
    }

    @Test
    void anAddressJoinsThatClusterAndAFailureToJoinSaysWhere() {
        // Joining needs the cluster transport, which is not built yet: the run fails naming the address.
        var run = DriverRun.of(MonteCarloPi::run, "--tasks", "1", "--address", "127.0.0.1:1");
        assertThat(run.exitCode()).isEqualTo(DriverArgs.EXIT_FAILED);
        assertThat(run.err()).contains("cannot join the Trellis cluster at 127.0.0.1:1");
        assertThat(Trellis.isInitialized()).isFalse();
    }

    static void assertUsage(DriverRun run, String... messages) {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(DriverArgs.EXIT_USAGE);
        assertThat(run.err()).contains(messages).contains("usage:");
    }
}
