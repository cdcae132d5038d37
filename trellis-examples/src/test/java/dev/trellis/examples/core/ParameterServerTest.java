package dev.trellis.examples.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.trellis.core.Trellis;
import dev.trellis.core.TrellisOptions;
import java.io.OutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;

class ParameterServerTest {
    @Test
    void trainingDropsTheLossBelowATenthOfTheInitialAndIsReproducible() {
        Trellis.init(TrellisOptions.builder().numCpus(2).build());
        try {
            var quiet = new PrintStream(OutputStream.nullOutputStream());
            ParameterServer.Training t = ParameterServer.train(30, 3, quiet);
            assertThat(t.losses()).hasSize(30);
            assertThat(t.initialLoss()).isGreaterThan(1.0);
            assertThat(t.finalLoss()).isLessThan(0.1 * t.initialLoss());
            for (int k = 1; k < t.losses().size(); k++) {
                assertThat(t.losses().get(k)).as("loss at iteration %d", k).isLessThan(t.losses().get(k - 1));
            }
            double[] truth = ParameterServer.trueWeights();
            for (int j = 0; j < truth.length; j++) {
                assertThat(t.weights()[j]).as("weight %d", j).isCloseTo(truth[j], within(0.05));
            }
            assertThat(ParameterServer.train(30, 3, quiet).finalLoss()).isEqualTo(t.finalLoss());
        } finally {
            Trellis.shutdown();
        }
    }

    @Test
    void theServerAppliesTheMeanOfTheGradientsAndHandsOutCopies() {
        var server = new ParameterServer.Server(2, 0.5);
        double[] before = server.getWeights();
        double[] after = server.applyGradients(new double[] {1, 2}, new double[] {3, 4});
        assertThat(after).containsExactly(-1.0, -1.5);
        assertThat(before).containsExactly(0.0, 0.0);
        after[0] = 42;
        assertThat(server.getWeights()).containsExactly(-1.0, -1.5);
    }

    @Test
    void mainPrintsTheLossEveryFewIterationsAndTheFinalLoss() {
        var run = DriverRun.of(ParameterServer::run, "--iterations", "20", "--workers", "2");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("iteration   0: loss", "iteration  18: loss", "final loss")
                .doesNotContain("iteration   1:");
        assertThat(Trellis.isInitialized()).isFalse();
    }

    @Test
    void badArgumentsNameTheArgumentAndValueAndExitWithTwo() {
        MonteCarloPiTest.assertUsage(DriverRun.of(ParameterServer::run, "--iterations", "0"),
                "--iterations must be an integer from 1 to 1000000, was '0'");
        MonteCarloPiTest.assertUsage(DriverRun.of(ParameterServer::run, "--workers", "two"),
                "--workers must be an integer from 1 to 1000, was 'two'");
        MonteCarloPiTest.assertUsage(DriverRun.of(ParameterServer::run, "--tasks", "3"), "unknown option '--tasks'");
        MonteCarloPiTest.assertUsage(DriverRun.of(ParameterServer::run, "--address", "host:port"),
                "--address must be host:port, was 'host:port'");
    }
}
