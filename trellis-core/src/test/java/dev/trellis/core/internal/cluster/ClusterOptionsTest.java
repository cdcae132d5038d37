package dev.trellis.core.internal.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterOptionsTest {
    @Test
    void defaults() {
        var options = ClusterOptions.builder().build();
        assertThat(options.role()).isEqualTo("head");
        assertThat(options.host()).isEqualTo("127.0.0.1");
        assertThat(options.port()).isZero();
        assertThat(options.seed()).isNull();
        assertThat(options.stableAfter()).isEqualTo(Duration.ofSeconds(7));
        assertThat(options.acceptableHeartbeatPause()).isEqualTo(Duration.ofSeconds(3));
        assertThat(options.heartbeatInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(options.directoryTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(options.leaveTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(options.tls()).isNull();
        assertThat(options.nodeId()).matches("[0-9a-f]{12}");
        assertThat(ClusterOptions.builder().build().nodeId()).isNotEqualTo(options.nodeId());
    }

    @Test
    void seedIsParsedAndRequiredForWorkersAndDrivers() {
        var worker = ClusterOptions.builder().role("worker").seed("127.0.0.1:25520").build();
        assertThat(worker.seedHost()).isEqualTo("127.0.0.1");
        assertThat(worker.seedPort()).isEqualTo(25520);
        assertThat(ClusterOptions.builder().role("driver").seed("[::1]:7").build().seedHost()).isEqualTo("::1");
        assertThatThrownBy(() -> ClusterOptions.builder().role("worker").build())
                .hasMessageContaining("cluster.seed").hasMessageContaining("worker");
        for (String bad : new String[] {"localhost", ":25520", "host:0", "host:70000", "host:x"}) {
            assertThatThrownBy(() -> ClusterOptions.builder().role("driver").seed(bad).build())
                    .as(bad).hasMessageContaining("cluster.seed").hasMessageContaining("'" + bad + "'");
        }
    }

    @Test
    void refusalsNameTheSettingAndTheValue() {
        assertThatThrownBy(() -> ClusterOptions.builder().role("boss").build())
                .hasMessage("cluster.role must be head, worker or driver, was 'boss'");
        assertThatThrownBy(() -> ClusterOptions.builder().role(null).build()).hasMessageContaining("was 'null'");
        assertThatThrownBy(() -> ClusterOptions.builder().nodeId("a b").build())
                .hasMessageContaining("cluster.node-id").hasMessageContaining("'a b'");
        assertThatThrownBy(() -> ClusterOptions.builder().nodeId("x".repeat(65)).build())
                .hasMessageContaining("cluster.node-id");
        assertThatThrownBy(() -> ClusterOptions.builder().port(65_536).build())
                .hasMessage("cluster.port must be between 0 and 65535, was 65536");
        assertThatThrownBy(() -> ClusterOptions.builder().port(-1).build()).hasMessageContaining("was -1");
        assertThatThrownBy(() -> ClusterOptions.builder().host(" ").build()).hasMessageContaining("cluster.host");
        assertThatThrownBy(() -> ClusterOptions.builder().stableAfter(Duration.ZERO).build())
                .hasMessage("cluster.stable-after must be a positive duration, was PT0S");
        assertThatThrownBy(() -> ClusterOptions.builder().acceptableHeartbeatPause(Duration.ofSeconds(-1)).build())
                .hasMessageContaining("cluster.acceptable-heartbeat-pause").hasMessageContaining("PT-1S");
        assertThatThrownBy(() -> ClusterOptions.builder().heartbeatInterval(null).build())
                .hasMessageContaining("cluster.heartbeat-interval").hasMessageContaining("null");
        assertThatThrownBy(() -> ClusterOptions.builder().directoryTimeout(Duration.ZERO).build())
                .hasMessageContaining("cluster.directory-timeout");
        assertThatThrownBy(() -> ClusterOptions.builder().leaveTimeout(Duration.ZERO).build())
                .hasMessageContaining("cluster.leave-timeout");
    }

    @Test
    void aHostThatIsNotLoopbackNeedsTls(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> ClusterOptions.builder().host("0.0.0.0").build())
                .hasMessageContaining("cluster.host '0.0.0.0' is not a loopback address")
                .hasMessageContaining("cluster.tls");
        assertThatThrownBy(() -> ClusterOptions.builder().host("192.0.2.10").build())
                .hasMessageContaining("'192.0.2.10'");
        assertThat(ClusterOptions.builder().host("localhost").build().host()).isEqualTo("localhost");
        assertThat(ClusterOptions.builder().host("127.0.0.2").build().host()).isEqualTo("127.0.0.2");

        Path store = Files.writeString(dir.resolve("store.p12"), "not checked here");
        var tls = TlsOptions.of(store, "secret", store, "secret");
        assertThat(ClusterOptions.builder().host("0.0.0.0").tls(tls).build().tls()).isSameAs(tls);
        assertThat(tls.keyPassword()).isEqualTo("secret");
        assertThat(tls.toString()).doesNotContain("secret");
    }

    @Test
    void tlsStoresMustBeReadable(@TempDir Path dir) {
        Path missing = dir.resolve("missing.p12");
        assertThatThrownBy(() -> TlsOptions.of(missing, "pw", missing, "pw"))
                .hasMessage("cluster.tls.key-store must be a readable file, was '" + missing + "'");
        assertThatThrownBy(() -> TlsOptions.of(null, "pw", missing, "pw"))
                .hasMessage("cluster.tls.key-store must be set");
    }
}
