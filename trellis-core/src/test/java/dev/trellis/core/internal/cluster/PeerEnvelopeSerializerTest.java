package dev.trellis.core.internal.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.core.internal.cluster.AgentProtocol.PeerEnvelope;
import java.io.NotSerializableException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PeerEnvelopeSerializerTest {
    private final PeerEnvelopeSerializer serializer = new PeerEnvelopeSerializer(null);

    @Test
    void anEnvelopeRoundTripsThroughBytesAndThroughABuffer() throws Exception {
        byte[] payload = new byte[1 << 20];
        Arrays.fill(payload, (byte) 5);
        var envelope = new PeerEnvelope("n1234abcd", "core.chunk", payload);

        var back = (PeerEnvelope) serializer.fromBinary(serializer.toBinary(envelope), serializer.manifest(envelope));
        assertThat(back.from()).isEqualTo("n1234abcd");
        assertThat(back.tag()).isEqualTo("core.chunk");
        assertThat(back.payload()).isEqualTo(payload);

        ByteBuffer buf = ByteBuffer.allocate(2 << 20);
        serializer.toBinary(envelope, buf);
        buf.flip();
        var fromBuffer = (PeerEnvelope) serializer.fromBinary(buf, "e");
        assertThat(fromBuffer.payload()).isEqualTo(payload);
    }

    @Test
    void truncatedBytesAndOtherManifestsAreRefused() {
        byte[] bytes = serializer.toBinary(new PeerEnvelope("node", "tag", new byte[3]));
        assertThatThrownBy(() -> serializer.fromBinary(Arrays.copyOf(bytes, 5), "e"))
                .isInstanceOf(NotSerializableException.class).hasMessageContaining("truncated or malformed");
        assertThatThrownBy(() -> serializer.fromBinary(bytes, "x"))
                .isInstanceOf(NotSerializableException.class).hasMessageContaining("unknown peer envelope manifest 'x'");
        assertThatThrownBy(() -> serializer.toBinary("not an envelope")).isInstanceOf(IllegalArgumentException.class);
    }
}
