package dev.trellis.bench;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * How a server started by the harness ({@link JvmProcess}) tells it where to send load, and
 * when to stop: it prints one {@link #READY} line with its URL on standard output, then runs
 * until its standard input closes. The harness closes it to stop the server; if the harness
 * dies, even by {@code kill -9}, the pipe closes too, so no server outlives its harness.
 */
final class Lifeline {
    static final String READY = "listening ";

    private Lifeline() {
    }

    static void ready(InetSocketAddress address, String path) {
        System.out.println(READY + "http://127.0.0.1:" + address.getPort() + path);
        System.out.flush();
    }

    /** Blocks until standard input reaches its end. */
    static void awaitParentExit() throws IOException {
        while (System.in.read() >= 0) {
            // Nothing is sent on the pipe; reading only waits for its end.
        }
    }
}
