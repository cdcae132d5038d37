package dev.trellis.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.core.internal.cluster.ClusterKeys;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterKeysCommandTest {
    @TempDir
    Path dir;

    @Test
    void makesKeysTheNodesCanLoadAndNeverOverwritesThem() {
        Path keys = dir.resolve("keys");
        var made = CliRun.of("cluster-keys", keys.toString());
        assertThat(made.exitCode()).as(made.err()).isZero();
        assertThat(made.out()).contains("Cluster keys written to " + keys, "--cluster-keys " + keys);
        assertThat(ClusterKeys.load(keys).keyStore()).isEqualTo(keys.resolve(ClusterKeys.KEY_STORE));

        var again = CliRun.of("cluster-keys", keys.toString());
        assertThat(again.exitCode()).isEqualTo(StartCommand.EXIT_BAD_INPUT);
        assertThat(again.err()).contains("cluster keys already exist in '" + keys + "'");
    }

    @Test
    void aNodeGivenKeysThatDoNotExistIsRefusedBeforeItStarts() {
        var run = CliRun.of("start", "--head", "--cluster-port", "6399", "--cluster-keys", dir.resolve("none").toString());
        assertThat(run.exitCode()).isEqualTo(StartCommand.EXIT_BAD_INPUT);
        assertThat(run.err()).contains("cluster keys: '" + dir.resolve("none") + "' is not a directory");
    }
}
