package dev.trellis.core.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free TCP ports on the loopback interface for tests. A port is free when asked for; another
 * process may still take it before the test binds it, so prefer port 0 where the code under
 * test can report what it bound. The same port is never handed out twice in one JVM.
 *
 * <p>Ports come from below the kernel's ephemeral range where it leaves room (Linux:
 * {@code /proc/sys/net/ipv4/ip_local_port_range}, usually from 32768): a port from that range
 * (what binding port 0 gives) can be taken in the meantime as the local port of any outgoing
 * connection, the child JVMs' cluster links included, and a node then fails to start with
 * "Address already in use". Each JVM starts at a random place in the range it scans.
 */
public final class FreePorts {
    static final int LOWEST = 20_000;
    private static final Set<Integer> GIVEN = new HashSet<>();
    private static final int EPHEMERAL_START = ephemeralStart(Path.of("/proc/sys/net/ipv4/ip_local_port_range"));
    private static int cursor = -1;

    private FreePorts() {
    }

    /** A port that was free on 127.0.0.1 a moment ago. */
    public static synchronized int next() {
        if (EPHEMERAL_START - LOWEST < 1_000) {
            return fromEphemeralRange();
        }
        int span = EPHEMERAL_START - LOWEST;
        if (cursor < 0) {
            cursor = ThreadLocalRandom.current().nextInt(span);
        }
        for (int attempt = 0; attempt < span; attempt++) {
            int port = LOWEST + cursor;
            cursor = (cursor + 1) % span;
            if (!GIVEN.contains(port) && bindable(port)) {
                GIVEN.add(port);
                return port;
            }
        }
        throw new IllegalStateException("no free port on 127.0.0.1 between " + LOWEST + " and " + EPHEMERAL_START);
    }

    /** The first port of the ephemeral range the kernel names in {@code rangeFile}; {@link #LOWEST} when it names none. */
    static int ephemeralStart(Path rangeFile) {
        try {
            String[] range = Files.readString(rangeFile).trim().split("\\s+");
            return Integer.parseInt(range[0]);
        } catch (IOException | RuntimeException e) {
            return LOWEST;
        }
    }

    private static boolean bindable(int port) {
        try (var socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int fromEphemeralRange() {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                int port = socket.getLocalPort();
                if (GIVEN.add(port)) {
                    return port;
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("no free port on the loopback interface", e);
            }
        }
        throw new IllegalStateException("no new free port after 50 attempts");
    }
}
