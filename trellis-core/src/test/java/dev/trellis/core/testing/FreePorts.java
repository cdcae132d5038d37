package dev.trellis.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/**
 * Free TCP ports on the loopback interface for tests. A port is free when asked for; another
 * process may still take it before the test binds it, so prefer port 0 where the code under
 * test can report what it bound. The same port is never handed out twice in one JVM.
 */
public final class FreePorts {
    private static final Set<Integer> GIVEN = new HashSet<>();

    private FreePorts() {
    }

    /** A port that was free on 127.0.0.1 a moment ago. */
    public static synchronized int next() {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                socket.setReuseAddress(true);
                int port = socket.getLocalPort();
                if (GIVEN.add(port)) {
                    return port;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("no free port on the loopback interface", e);
            }
        }
        throw new IllegalStateException("no new free port after 50 attempts");
    }
}
