package dev.trellis.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.core.internal.cluster.ClusterKeys;
import dev.trellis.core.internal.runtime.CoreRuntime;
import dev.trellis.core.internal.runtime.NodeRuntimes;
import dev.trellis.core.testing.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cluster keys (the shared secret): made by keytool, loaded by every node, and the cluster then talks TLS. */
class ClusterKeysTest {
    @TempDir
    Path dir;

    static int square(int x) {
        return x * x;
    }

    @Test
    void aHeadAndADriverWithTheSameKeysTalkOverTls() throws Exception {
        Path keys = dir.resolve("keys");
        ClusterKeys.generate(keys);
        assertThat(keys.resolve(ClusterKeys.KEY_STORE)).exists();
        assertThat(keys.resolve(ClusterKeys.TRUST_STORE)).exists();
        assertThat(Files.getPosixFilePermissions(keys.resolve(ClusterKeys.PASSWORD)))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

        int port = ChildJvm.freePort();
        CoreRuntime head = NodeRuntimes.head(TrellisOptions.builder().numCpus(1).port(port).clusterKeys(keys).build());
        try {
            Trellis.init(TrellisOptions.builder().address("127.0.0.1:" + port).resources(Resources.NONE)
                    .clusterKeys(keys).build());
            try {
                // The driver has no CPUs: the task crosses to the head over TLS and back.
                assertThat(Trellis.task(ClusterKeysTest::square, 12).remote().get(Duration.ofSeconds(30)))
                        .isEqualTo(144);
                assertThat(Trellis.nodes()).extracting(NodeInfo::role).contains("head", "driver");
            } finally {
                Trellis.shutdown();
            }
        } finally {
            head.shutdown();
        }
    }

    @Test
    void existingKeysAreNotOverwrittenAndMissingOnesAreNamed() {
        Path keys = dir.resolve("keys");
        ClusterKeys.generate(keys);
        assertThatThrownBy(() -> ClusterKeys.generate(keys)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cluster keys already exist in '" + keys + "'");
        assertThatThrownBy(() -> ClusterKeys.load(dir.resolve("nowhere"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a directory").hasMessageContaining("./trellis cluster-keys DIR");
        Path empty = dir.resolve("empty");
        empty.toFile().mkdirs();
        assertThatThrownBy(() -> ClusterKeys.load(empty)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(empty.resolve(ClusterKeys.KEY_STORE).toString());
    }

    @Test
    void aNodeBindingBeyondLoopbackWithoutKeysIsRefused() {
        assertThatThrownBy(() -> NodeRuntimes.head(TrellisOptions.builder().numCpus(1).host("0.0.0.0")
                .port(ChildJvm.freePort()).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not a loopback address");
    }
}
