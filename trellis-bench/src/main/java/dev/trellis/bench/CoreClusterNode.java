package dev.trellis.bench;

import dev.trellis.core.internal.runtime.NodeMain;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Arrays;

/**
 * The other JVM of {@link CoreClusterBenchmark}: a Trellis cluster node ({@link NodeMain}, with the
 * arguments after {@code --payload-bytes N}) plus, in the same JVM, the raw-TCP baselines the
 * node is compared with: a socket server on 127.0.0.1 that sends the same payload the node's
 * {@link #payload()} task returns, and echoes small frames. It prints {@value #RAW_READY}PORT,
 * then NodeMain's own ready line, and exits when its standard input closes ({@link Lifeline}),
 * leaving the cluster as on SIGTERM (NodeMain's shutdown hook).
 *
 * <p>Commands on a connection (each one byte, then an 8-byte big-endian argument; a connection
 * takes any number of them in turn):
 *
 * <ul>
 *   <li>{@code 'S' n}: send the first {@code n} bytes of the payload;</li>
 *   <li>{@code 'R' n}: read {@code n} bytes into a new array, then answer the 8-byte count read;</li>
 *   <li>{@code 'E' k}: read {@code k} frames of {@value #FRAME} bytes and write each one back
 *       as it is read.</li>
 * </ul>
 */
public final class CoreClusterNode {
    static final String RAW_READY = "raw-socket ";
    /** The size of one echoed frame. */
    static final int FRAME = 16;
    /** The most bytes one socket read or write moves (the JDK's copy through a direct buffer). */
    static final int SLICE = 1 << 20;

    /** The bytes {@link #payload()} returns and the socket server sends; made once at start-up. */
    private static volatile byte[] payload = new byte[0];

    private CoreClusterNode() {
    }

    /**
     * The task that returns the payload: the array made at start-up, so the task itself costs
     * nothing and the figure is the move alone (the socket server sends the same array).
     */
    public static byte[] payload() {
        return payload;
    }

    /** The task that takes a moved array: its length, once it has arrived here. */
    public static long length(byte[] bytes) {
        return bytes.length;
    }

    /** The byte expected at {@code index} of the payload (so both receivers can check what came). */
    static byte expected(long index) {
        return (byte) (index * 31 + 7);
    }

    /** Throws unless {@code bytes} is the payload's first {@code length} bytes (checked at 4096 places). */
    static void verify(byte[] bytes, long length) {
        if (bytes == null || bytes.length != length) {
            throw new IllegalStateException("expected " + length + " bytes, got "
                    + (bytes == null ? "null" : bytes.length));
        }
        long step = Math.max(1, length / 4096);
        for (long i = 0; i < length; i += step) {
            if (bytes[(int) i] != expected(i)) {
                throw new IllegalStateException("byte " + i + " differs from the payload's");
            }
        }
        if (length > 0 && bytes[(int) length - 1] != expected(length - 1)) {
            throw new IllegalStateException("the last byte differs from the payload's");
        }
    }

    static byte[] filled(int size) {
        byte[] out = new byte[size];
        for (int i = 0; i < size; i++) {
            out[i] = expected(i);
        }
        return out;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2 || !args[0].equals("--payload-bytes")) {
            System.err.println("usage: CoreClusterNode --payload-bytes N [NodeMain's arguments]");
            System.exit(2);
        }
        payload = filled(Integer.parseInt(args[1]));
        Thread.ofPlatform().daemon().name("lifeline").start(() -> {
            try {
                Lifeline.awaitParentExit();
            } catch (IOException e) {
                // The pipe broke: the parent is gone just the same.
            }
            System.exit(0);
        });
        ServerSocketChannel server = ServerSocketChannel.open().bind(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread.ofPlatform().daemon().name("raw-socket-accept").start(() -> accept(server));
        System.out.println(RAW_READY + ((InetSocketAddress) server.getLocalAddress()).getPort());
        System.out.flush();
        NodeMain.main(Arrays.copyOfRange(args, 2, args.length));
    }

    private static void accept(ServerSocketChannel server) {
        while (true) {
            SocketChannel channel;
            try {
                channel = server.accept();
            } catch (IOException e) {
                return;
            }
            Thread.ofPlatform().daemon().name("raw-socket-conn").start(() -> serve(channel));
        }
    }

    private static void serve(SocketChannel channel) {
        try (channel) {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ByteBuffer command = ByteBuffer.allocate(9);
            while (readFully(channel, command.clear())) {
                byte kind = command.get(0);
                long n = command.getLong(1);
                switch (kind) {
                    case 'S' -> writeFully(channel, ByteBuffer.wrap(payload, 0, (int) n));
                    case 'R' -> {
                        byte[] in = new byte[(int) n];
                        if (!readFully(channel, ByteBuffer.wrap(in))) {
                            return;
                        }
                        writeFully(channel, ByteBuffer.allocate(8).putLong(0, in.length));
                    }
                    case 'E' -> {
                        ByteBuffer frame = ByteBuffer.allocate(FRAME);
                        for (long i = 0; i < n; i++) {
                            if (!readFully(channel, frame.clear())) {
                                return;
                            }
                            writeFully(channel, frame.flip());
                        }
                    }
                    default -> {
                        System.err.println("raw socket: unknown command " + kind);
                        return;
                    }
                }
            }
        } catch (IOException e) {
            // The benchmark closed the connection; nothing to do.
        }
    }

    /**
     * Fills {@code buf}; false if the peer closed first. At most {@link #SLICE} bytes per read:
     * the JDK reads a heap buffer through a temporary direct buffer as large as what remains.
     */
    static boolean readFully(SocketChannel channel, ByteBuffer buf) throws IOException {
        int limit = buf.limit();
        try {
            while (buf.position() < limit) {
                buf.limit(Math.min(limit, buf.position() + SLICE));
                if (channel.read(buf) < 0) {
                    return false;
                }
            }
            return true;
        } finally {
            buf.limit(limit);
        }
    }

    /**
     * Writes all of {@code buf}, at most {@link #SLICE} bytes per write: the JDK copies a heap
     * buffer's whole remainder into a temporary direct buffer on every write, so one write of
     * a 1 GiB array would copy it again and again.
     */
    static void writeFully(SocketChannel channel, ByteBuffer buf) throws IOException {
        int limit = buf.limit();
        try {
            while (buf.position() < limit) {
                buf.limit(Math.min(limit, buf.position() + SLICE));
                channel.write(buf);
            }
        } finally {
            buf.limit(limit);
        }
    }
}
