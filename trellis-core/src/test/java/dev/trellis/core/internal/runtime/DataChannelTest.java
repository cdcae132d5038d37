package dev.trellis.core.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.core.internal.cluster.ClusterKeys;
import dev.trellis.core.internal.cluster.TlsOptions;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The bulk data path on its own: tokens, TLS, and every way a stream can fail, each bounded in time. */
@Timeout(60)
class DataChannelTest {
    private static final String HOST = "127.0.0.1";
    @TempDir
    static Path dir;
    private static TlsOptions keys;
    private static TlsOptions otherKeys;

    @BeforeAll
    static void makeKeys() {
        ClusterKeys.generate(dir.resolve("keys"));
        ClusterKeys.generate(dir.resolve("other"));
        keys = ClusterKeys.load(dir.resolve("keys"));
        otherKeys = ClusterKeys.load(dir.resolve("other"));
    }

    private static byte[] random(int size) {
        byte[] out = new byte[size];
        new Random(size).nextBytes(out);
        return out;
    }

    private static DataChannel channel(String node, TlsOptions tls, AtomicLong sent) throws IOException {
        return new DataChannel(node, HOST, 0, tls, sent::addAndGet, DataChannel.READ_TIMEOUT,
                DataChannel.OFFER_LIFETIME);
    }

    private static void movesWhole(TlsOptions tls) throws Exception {
        var sent = new AtomicLong();
        var received = new AtomicLong();
        byte[] payload = random(24 << 20);
        try (DataChannel holder = channel("holder", tls, sent); DataChannel receiver = channel("receiver", tls,
                new AtomicLong())) {
            ObjectCodec.Encoded encoded = ObjectCodec.encoded(payload);
            byte[] token = holder.offer(encoded, "receiver");
            Object value = receiver.fetch("holder", HOST, holder.port(), token, encoded.size(), received::addAndGet, Wire::value);
            assertThat(value).isInstanceOf(byte[].class).isEqualTo(payload);
            assertThat(received.get()).isEqualTo(payload.length);
            eventually().until(() -> holder.served() == 1);
            assertThat(sent.get()).isEqualTo(encoded.size());
            assertThat(holder.secure()).isEqualTo(tls != null);

            // Anything else is read whole and decoded.
            long[] longs = new Random(3).longs(700_000).toArray();
            ObjectCodec.Encoded encodedLongs = ObjectCodec.encoded(longs);
            byte[] second = holder.offer(encodedLongs, "receiver");
            assertThat(receiver.fetch("holder", HOST, holder.port(), second, encodedLongs.size(), n -> { }, Wire::value))
                    .isEqualTo(longs);
            ObjectCodec.Encoded encodedMap = ObjectCodec.encoded(Map.of("k", "v"));
            byte[] third = holder.offer(encodedMap, "receiver");
            assertThat(receiver.fetch("holder", HOST, holder.port(), third, encodedMap.size(), n -> { }, Wire::value))
                    .isEqualTo(Map.of("k", "v"));
        }
    }

    private static org.awaitility.core.ConditionFactory eventually() {
        return org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10));
    }

    @Test
    void aByteArrayMovesWholeOverPlainTcp() throws Exception {
        movesWhole(null);
    }

    @Test
    void withClusterKeysItMovesOverTls() throws Exception {
        movesWhole(keys);
    }

    @Test
    void aReceiverWithOtherKeysFailsTheHandshake() throws Exception {
        try (DataChannel holder = channel("holder", keys, new AtomicLong());
             DataChannel stranger = channel("stranger", otherKeys, new AtomicLong())) {
            ObjectCodec.Encoded encoded = ObjectCodec.encoded(random(5 << 20));
            byte[] token = holder.offer(encoded, "stranger");
            assertThatThrownBy(() -> stranger.fetch("holder", HOST, holder.port(), token, encoded.size(), n -> { }, Wire::value))
                    .isInstanceOf(SSLException.class);
            assertThat(holder.served()).isZero();
        }
    }

    @Test
    void aWrongOrReusedTokenIsRefused() throws Exception {
        try (DataChannel holder = channel("holder", null, new AtomicLong());
             DataChannel receiver = channel("receiver", null, new AtomicLong())) {
            ObjectCodec.Encoded encoded = ObjectCodec.encoded(random(5 << 20));
            byte[] wrong = new byte[DataChannel.TOKEN_BYTES];
            assertThatThrownBy(() -> receiver.fetch("holder", HOST, holder.port(), wrong, encoded.size(), n -> { }, Wire::value))
                    .isInstanceOf(IOException.class)
                    .hasMessage("node holder refused the transfer: node holder has no transfer for this token"
                            + " (unknown, expired or already used)");
            byte[] token = holder.offer(encoded, "receiver");
            assertThat(receiver.fetch("holder", HOST, holder.port(), token, encoded.size(), n -> { }, Wire::value)).isNotNull();
            assertThatThrownBy(() -> receiver.fetch("holder", HOST, holder.port(), token, encoded.size(), n -> { }, Wire::value))
                    .isInstanceOf(IOException.class).hasMessageContaining("already used");
            // An offer its receiver's node left with is dropped too.
            byte[] dropped = holder.offer(encoded, "receiver");
            holder.dropNode("receiver");
            assertThatThrownBy(() -> receiver.fetch("holder", HOST, holder.port(), dropped, encoded.size(), n -> { }, Wire::value))
                    .isInstanceOf(IOException.class).hasMessageContaining("refused");
        }
    }

    @Test
    void aClosedHolderRefusesConnections() throws Exception {
        try (DataChannel receiver = channel("receiver", null, new AtomicLong())) {
            DataChannel holder = channel("holder", null, new AtomicLong());
            int port = holder.port();
            byte[] token = holder.offer(ObjectCodec.encoded(random(5 << 20)), "receiver");
            holder.close();
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> receiver.fetch("holder", HOST, port, token, (5 << 20) + 9, n -> { }, Wire::value))
                    .isInstanceOf(java.net.ConnectException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        }
    }

    /** A holder that says OK and sends the header and 1 MiB of a 64 MiB array, then does {@code then}. */
    private static CompletableFuture<Void> partialHolder(ServerSocket server, ThrowingConsumer then) {
        return CompletableFuture.runAsync(() -> {
            try (Socket s = server.accept()) {
                s.getInputStream().readNBytes(DataChannel.TOKEN_BYTES);
                var out = new DataOutputStream(s.getOutputStream());
                out.writeByte(0);
                out.write(ByteBuffer.allocate(ObjectCodec.HEADER).put(0, (byte) 1).putLong(1, 64L << 20).array());
                out.write(new byte[1 << 20]);
                out.flush();
                then.accept(s);
            } catch (IOException | InterruptedException e) {
                // the receiver hung up: what the test wants
            }
        });
    }

    private interface ThrowingConsumer {
        void accept(Socket s) throws IOException, InterruptedException;
    }

    private static ServerSocket fakeHolder() throws IOException {
        return new ServerSocket(0, 1, InetAddress.getByName(HOST));
    }

    @Test
    void aHolderThatDiesMidStreamFailsTheFetchAtOnce() throws Exception {
        try (ServerSocket server = fakeHolder(); DataChannel receiver = channel("receiver", null, new AtomicLong())) {
            partialHolder(server, Socket::close);
            var received = new AtomicLong();
            assertThatThrownBy(() -> receiver.fetch("holder", HOST, server.getLocalPort(),
                    new byte[DataChannel.TOKEN_BYTES], (64L << 20) + 9, received::addAndGet, Wire::value))
                    .isInstanceOf(java.io.EOFException.class).hasMessageContaining("the stream ended after");
            assertThat(received.get()).isEqualTo(1 << 20);
        }
    }

    @Test
    void aHolderThatStallsMidStreamFailsTheFetchWhenTheReadTimesOut() throws Exception {
        try (ServerSocket server = fakeHolder();
             DataChannel receiver = new DataChannel("receiver", HOST, 0, null, n -> { }, Duration.ofMillis(500),
                     DataChannel.OFFER_LIFETIME)) {
            var release = new java.util.concurrent.CountDownLatch(1);
            partialHolder(server, s -> release.await(30, TimeUnit.SECONDS));
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> receiver.fetch("holder", HOST, server.getLocalPort(),
                    new byte[DataChannel.TOKEN_BYTES], (64L << 20) + 9, n -> { }, Wire::value))
                    .isInstanceOf(SocketTimeoutException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
            release.countDown();
        }
    }

    @Test
    void theHoldersNodeLeavingEndsItsStreamInFlight() throws Exception {
        try (ServerSocket server = fakeHolder(); DataChannel receiver = channel("receiver", null, new AtomicLong())) {
            var release = new java.util.concurrent.CountDownLatch(1);
            partialHolder(server, s -> release.await(30, TimeUnit.SECONDS));
            var received = new AtomicLong();
            var fetch = CompletableFuture.runAsync(() -> {
                try {
                    receiver.fetch("holder", HOST, server.getLocalPort(), new byte[DataChannel.TOKEN_BYTES],
                            (64L << 20) + 9, received::addAndGet, Wire::value);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            eventually().until(() -> received.get() == 1 << 20);
            long t0 = System.nanoTime();
            receiver.dropNode("holder");
            assertThatThrownBy(() -> fetch.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(
                    java.io.UncheckedIOException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
            release.countDown();
        }
    }

    @Test
    void withoutKeysOnlyLoopbackIsBound() {
        assertThatThrownBy(() -> new DataChannel("n", "0.0.0.0", 0, null, n -> { }, DataChannel.READ_TIMEOUT,
                DataChannel.OFFER_LIFETIME))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not a loopback address");
    }

    @Test
    void anOfferNobodyTakesInTimeExpires() throws Exception {
        try (DataChannel holder = new DataChannel("holder", HOST, 0, null, n -> { }, DataChannel.READ_TIMEOUT,
                Duration.ofMillis(200)); DataChannel receiver = channel("receiver", null, new AtomicLong())) {
            ObjectCodec.Encoded encoded = ObjectCodec.encoded(random(5 << 20));
            byte[] taken = holder.offer(encoded, "receiver");
            byte[] late = holder.offer(encoded, "receiver");
            holder.expire();
            assertThat(receiver.fetch("holder", HOST, holder.port(), taken, encoded.size(), n -> { }, Wire::value))
                    .as("within its lifetime").isNotNull();
            Thread.sleep(300);
            holder.expire();
            assertThatThrownBy(() -> receiver.fetch("holder", HOST, holder.port(), late, encoded.size(), n -> { }, Wire::value))
                    .isInstanceOf(IOException.class).hasMessageContaining("expired");
        }
    }
}
