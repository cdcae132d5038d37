package dev.trellis.core.internal.cluster;

import static dev.trellis.core.internal.cluster.ClusterPeersTest.TEST_MESSAGES;
import static dev.trellis.core.internal.cluster.ClusterPeersTest.ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trellis.core.testing.TestMessages.Ping;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Artery TLS with mutual authentication: nodes with a trusted key form a cluster, an unknown key cannot join. */
class ClusterTlsTest {
    @TempDir
    Path dir;

    private final List<ClusterPeers> started = new ArrayList<>();

    @AfterEach
    void stopAll() {
        started.reversed().forEach(ClusterPeers::close);
    }

    private ClusterPeers start(String role, String nodeId, String seed, TlsOptions tls) {
        var peers = ClusterPeers.start(ClusterOptions.builder().role(role).nodeId(nodeId).seed(seed).tls(tls)
                .build(), TEST_MESSAGES);
        started.add(peers);
        return peers;
    }

    @Test
    void trustedNodesTalkOverTlsAndAnUnknownKeyIsRefused() throws Exception {
        TlsOptions cluster = stores("cluster");
        ClusterPeers head = start("head", "head", null, cluster);
        ClusterPeers worker = start("worker", "worker", head.address(), cluster);
        var hears = new RecordingListener();
        head.listen(hears);
        worker.whenUp().toCompletableFuture().get(20, TimeUnit.SECONDS);
        assertThat(worker.send("head", new Ping(1, "over tls"))).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> hears.from("worker", Ping.class).size() == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> ids(head.nodes()), ids -> ids.equals(List.of("head", "worker")));

        ClusterPeers stranger = start("worker", "stranger", head.address(), stores("stranger"));
        var strangerHears = new RecordingListener();
        stranger.listen(strangerHears);
        // Held for a node that never joins: it is never delivered.
        head.send("stranger", new Ping(2, "x"));
        Thread.sleep(4_000);
        assertThat(stranger.whenUp().toCompletableFuture()).isNotDone();
        assertThat(ids(head.nodes())).containsExactly("head", "worker");
        assertThat(strangerHears.from("head", Ping.class)).isEmpty();
    }

    /** A fresh key pair in a PKCS12 key store, and a trust store holding only its certificate. */
    private TlsOptions stores(String name) throws IOException, InterruptedException {
        Path keyStore = dir.resolve(name + "-keys.p12");
        Path cert = dir.resolve(name + ".crt");
        Path trustStore = dir.resolve(name + "-trust.p12");
        keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                "CN=" + name, "-validity", "2", "-keystore", keyStore.toString(), "-storetype", "PKCS12",
                "-storepass", "secret-" + name, "-keypass", "secret-" + name);
        keytool("-exportcert", "-alias", name, "-keystore", keyStore.toString(), "-storepass", "secret-" + name,
                "-file", cert.toString());
        keytool("-importcert", "-noprompt", "-alias", name, "-file", cert.toString(), "-keystore",
                trustStore.toString(), "-storetype", "PKCS12", "-storepass", "trust-" + name);
        return TlsOptions.of(keyStore, "secret-" + name, trustStore, "trust-" + name);
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        var command = new ArrayList<String>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException("keytool " + String.join(" ", args) + " failed: " + output);
        }
    }
}
