package dev.trellis.core.internal.runtime;

import dev.trellis.core.internal.cluster.TlsOptions;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's bulk data path beside Artery: a TCP listener on the node's cluster host (its data port)
 * that streams an encoded object to whoever presents the token this node offered it under. A
 * token is {@value #TOKEN_BYTES} random bytes, travels only in Artery messages (TLS between
 * members when the cluster has keys) and is single use: the first connection to present it takes
 * it, and an offer not taken within {@link #OFFER_LIFETIME} is dropped ({@link #expire}). With
 * cluster keys the data sockets are TLS 1.3 with mutual authentication, with the cluster port's
 * key and trust store; without keys the host must be loopback, as the cluster port's must.
 *
 * <p>On a connection the receiver sends the token; the holder answers one status byte: {@code 0}
 * and then the encoding ({@link ObjectCodec}'s layout, of the size the offer named), or {@code 1}
 * and the reason ({@link DataOutputStream#writeUTF}); the receiver closes once it has read it all,
 * then the holder. Both sides move at most
 * {@value #SLICE} bytes per read or write, a byte array straight from and into the array itself.
 * Connecting and every read are bounded in time; a holder's write blocks no longer than the
 * receiver reads (it closes on its read timeout), or its node is a member ({@link #dropNode}).
 * {@link #close} closes the listener and every connection.
 */
final class DataChannel implements AutoCloseable {
    static final int TOKEN_BYTES = 32;
    /** The most bytes one socket read or write moves: the JDK copies a heap array through a direct buffer that large. */
    static final int SLICE = 1 << 20;
    static final Duration OFFER_LIFETIME = Duration.ofSeconds(30);
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    private static final byte OK = 0;
    private static final byte REFUSED = 1;
    /** The peer of a connection whose token has not been read yet. */
    private static final String UNKNOWN = "";
    private static final Logger LOG = LoggerFactory.getLogger(DataChannel.class);

    private final String self;
    private final SSLContext tls;
    private final int readTimeoutMillis;
    private final long offerLifetimeNanos;
    private final LongConsumer sent;
    private final ServerSocketChannel server;
    private final Thread acceptor;
    private final SecureRandom random = new SecureRandom();
    private final ConcurrentHashMap<String, Offer> offers = new ConcurrentHashMap<>();
    /** Every open connection, both ways, with the node at its other end. */
    private final ConcurrentHashMap<SocketChannel, String> open = new ConcurrentHashMap<>();
    private final LongAdder served = new LongAdder();
    private volatile boolean closed;

    private record Offer(ObjectCodec.Encoded encoded, String requester, long expiresNanos) {
    }

    /**
     * Opens the listener of node {@code self} on {@code host}.
     *
     * @param port the port to bind; 0 for any free one
     * @param tls the cluster's keys, or null for plain TCP (then {@code host} must be loopback)
     * @param sent told of every slice of bytes this node streams to another
     * @throws IllegalArgumentException for a host beyond loopback without keys
     */
    static DataChannel open(String self, String host, int port, TlsOptions tls, LongConsumer sent)
            throws IOException {
        return new DataChannel(self, host, port, tls, sent, READ_TIMEOUT, OFFER_LIFETIME);
    }

    DataChannel(String self, String host, int port, TlsOptions tls, LongConsumer sent, Duration readTimeout,
                Duration offerLifetime) throws IOException {
        InetAddress address = InetAddress.getByName(host);
        if (tls == null && !address.isLoopbackAddress()) {
            throw new IllegalArgumentException("the data channel's host '" + host + "' is not a loopback address:"
                    + " without cluster keys it would stream objects to anyone who can connect");
        }
        this.self = self;
        this.tls = tls == null ? null : tls.sslContext();
        this.readTimeoutMillis = Math.toIntExact(readTimeout.toMillis());
        this.offerLifetimeNanos = offerLifetime.toNanos();
        this.sent = sent;
        this.server = ServerSocketChannel.open().bind(new InetSocketAddress(address, port), 64);
        this.acceptor = Thread.ofVirtual().name("trellis-data-accept-" + self).start(this::accept);
    }

    /** The port peers connect to. */
    int port() {
        return ((InetSocketAddress) server.socket().getLocalSocketAddress()).getPort();
    }

    /** True once TLS protects the data sockets. */
    boolean secure() {
        return tls != null;
    }

    /** How many encodings this node has streamed whole. */
    long served() {
        return served.sum();
    }

    /** Registers {@code encoded} for node {@code requester}; returns the token that takes it, once. */
    byte[] offer(ObjectCodec.Encoded encoded, String requester) {
        byte[] token = new byte[TOKEN_BYTES];
        random.nextBytes(token);
        offers.put(HexFormat.of().formatHex(token), new Offer(encoded, requester,
                System.nanoTime() + offerLifetimeNanos));
        return token;
    }

    /** Drops the offers nobody took in time (so their objects can be freed). */
    void expire() {
        long now = System.nanoTime();
        offers.values().removeIf(o -> o.expiresNanos - now < 0);
    }

    /** {@code node} left the cluster: drop its offers and close every connection with it. */
    void dropNode(String node) {
        offers.values().removeIf(o -> o.requester.equals(node));
        open.forEach((channel, peer) -> {
            if (peer.equals(node)) {
                closeQuietly(channel);
            }
        });
    }

    /**
     * Reads the object node {@code holder} offered at {@code host:port} under {@code token}, an
     * encoding of {@code size} bytes: a byte array straight into the array it becomes, anything
     * else into one buffer, then decoded.
     *
     * @param received told of every slice of bytes read
     * @param decode turns an encoding other than a byte array's into its value
     * @throws IOException when the connection cannot be made, is refused, times out or ends early
     * @throws java.io.UncheckedIOException when the bytes do not decode
     */
    Object fetch(String holder, String host, int port, byte[] token, long size, LongConsumer received,
                 java.util.function.Function<byte[], Object> decode) throws IOException {
        byte[] whole;
        SocketChannel channel = SocketChannel.open();
        open.put(channel, holder);
        try {
            if (closed) {
                throw new IOException("node " + self + " is shutting down");
            }
            channel.socket().connect(new InetSocketAddress(host, port), Math.toIntExact(CONNECT_TIMEOUT.toMillis()));
            Socket socket = secured(channel, host, port, true);
            OutputStream out = socket.getOutputStream();
            out.write(token);
            out.flush();
            var in = new DataInputStream(socket.getInputStream());
            byte status = in.readByte();
            if (status == REFUSED) {
                throw new IOException("node " + holder + " refused the transfer: " + in.readUTF());
            } else if (status != OK) {
                throw new IOException("node " + holder + " answered the transfer with status " + status);
            }
            byte[] head = new byte[ObjectCodec.HEADER];
            in.readFully(head);
            long length = ByteBuffer.wrap(head).getLong(1);
            if (length < 0 || ObjectCodec.HEADER + length != size || size > Integer.MAX_VALUE - 16L) {
                throw new IOException("node " + holder + " sent an encoding of " + (ObjectCodec.HEADER + length)
                        + " bytes where it offered " + size);
            }
            int bytes = ObjectCodec.byteArrayLength(head);
            if (bytes >= 0) {
                byte[] value = new byte[bytes];
                readFully(in, value, 0, received);
                return value;
            }
            whole = new byte[(int) size];
            System.arraycopy(head, 0, whole, 0, head.length);
            readFully(in, whole, head.length, received);
        } finally {
            open.remove(channel);
            closeQuietly(channel);
        }
        return decode.apply(whole);
    }

    private void accept() {
        while (!closed) {
            SocketChannel channel;
            try {
                channel = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                LOG.warn("node {}: the data channel cannot accept a connection: {}", self, e.toString());
                try {
                    Thread.sleep(100);
                } catch (InterruptedException interrupted) {
                    return;
                }
                continue;
            }
            Thread.ofVirtual().name("trellis-data-send-" + self).start(() -> serve(channel));
        }
    }

    /** A holder's side of one connection: read the token, then stream what it was offered for. */
    private void serve(SocketChannel channel) {
        open.put(channel, UNKNOWN);
        try {
            if (closed) {
                return;
            }
            Socket socket = secured(channel, null, 0, false);
            byte[] token = socket.getInputStream().readNBytes(TOKEN_BYTES);
            var out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
            Offer offer = token.length == TOKEN_BYTES ? offers.remove(HexFormat.of().formatHex(token)) : null;
            if (offer == null || offer.expiresNanos - System.nanoTime() < 0) {
                out.writeByte(REFUSED);
                out.writeUTF("node " + self + " has no transfer for this token (unknown, expired or already used)");
                out.flush();
                return;
            }
            open.put(channel, offer.requester);
            if (closed) {
                return;
            }
            out.writeByte(OK);
            offer.encoded.writeTo(new Counting(out, sent), SLICE);
            out.flush();
            served.increment();
            // Closing first could reset the connection before the receiver has read the end.
            socket.getInputStream().read();
        } catch (IOException e) {
            // The receiver hung up, timed out or failed the handshake: it tries another holder or fails the fetch.
            LOG.debug("node {}: a data connection ended early: {}", self, e.toString());
        } finally {
            open.remove(channel);
            closeQuietly(channel);
        }
    }

    /** The connection's socket, inside TLS when the cluster has keys; reads time out either way. */
    private Socket secured(SocketChannel channel, String host, int port, boolean client) throws IOException {
        Socket plain = channel.socket();
        plain.setSoTimeout(readTimeoutMillis);
        plain.setTcpNoDelay(true);
        if (tls == null) {
            return plain;
        }
        SSLSocket socket = client
                ? (SSLSocket) tls.getSocketFactory().createSocket(plain, host, port, true)
                : (SSLSocket) tls.getSocketFactory().createSocket(plain, (InputStream) null, true);
        if (!client) {
            socket.setNeedClientAuth(true);
        }
        socket.setSoTimeout(readTimeoutMillis);
        return socket;
    }

    /** Fills {@code dst} from {@code from}, at most {@value #SLICE} bytes per read. */
    private static void readFully(InputStream in, byte[] dst, int from, LongConsumer received) throws IOException {
        for (int at = from; at < dst.length; ) {
            int n = in.read(dst, at, Math.min(SLICE, dst.length - at));
            if (n < 0) {
                throw new EOFException("the stream ended after " + at + " of " + dst.length + " bytes");
            }
            at += n;
            received.accept(n);
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // closing: nothing more to do
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            LOG.debug("node {}: closing the data listener failed: {}", self, e.toString());
        }
        offers.clear();
        open.keySet().forEach(DataChannel::closeQuietly);
        try {
            acceptor.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Passes writes through, telling {@code counter} of each. */
    private static final class Counting extends FilterOutputStream {
        private final LongConsumer counter;

        Counting(OutputStream out, LongConsumer counter) {
            super(out);
            this.counter = counter;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            counter.accept(len);
        }
    }
}
