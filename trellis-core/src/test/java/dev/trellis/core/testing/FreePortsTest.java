package dev.trellis.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FreePortsTest {
    @Test
    void portsAreBindableDistinctAndBelowTheEphemeralRange() throws Exception {
        int ephemeral = FreePorts.ephemeralStart(Path.of("/proc/sys/net/ipv4/ip_local_port_range"));
        Set<Integer> given = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            int port = FreePorts.next();
            assertThat(given.add(port)).as("port %d handed out twice", port).isTrue();
            if (ephemeral - FreePorts.LOWEST >= 1_000) {
                assertThat(port).isBetween(FreePorts.LOWEST, ephemeral - 1);
            }
            try (var socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                assertThat(socket.getLocalPort()).isEqualTo(port);
            }
        }
    }

    @Test
    void theEphemeralRangeIsReadFromTheKernelsFileAndDefaultsWhenItIsMissingOrOdd(@TempDir Path dir) throws Exception {
        assertThat(FreePorts.ephemeralStart(Files.writeString(dir.resolve("range"), "40000\t60999\n"))).isEqualTo(40000);
        assertThat(FreePorts.ephemeralStart(Files.writeString(dir.resolve("odd"), "not a port"))).isEqualTo(FreePorts.LOWEST);
        assertThat(FreePorts.ephemeralStart(dir.resolve("missing"))).isEqualTo(FreePorts.LOWEST);
    }
}
