package dev.trellis.core.internal.cluster;

import dev.trellis.core.internal.cluster.AgentProtocol.PeerEnvelope;
import java.io.NotSerializableException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.serialization.ByteBufferSerializer;
import org.apache.pekko.serialization.SerializerWithStringManifest;

/**
 * Writes a {@link PeerEnvelope} as plain bytes straight into Artery's buffer: the sender's id and
 * the message tag (each a 2-byte length and UTF-8), then the already encoded message. The payload
 * (1 MiB for an object chunk) is copied once each way instead of being wrapped in CBOR again.
 */
public final class PeerEnvelopeSerializer extends SerializerWithStringManifest implements ByteBufferSerializer {
    public static final int IDENTIFIER = 731_002;
    private static final String MANIFEST = "e";

    public PeerEnvelopeSerializer(ExtendedActorSystem system) {
    }

    @Override
    public int identifier() {
        return IDENTIFIER;
    }

    @Override
    public String manifest(Object o) {
        return MANIFEST;
    }

    @Override
    public byte[] toBinary(Object o) {
        PeerEnvelope e = envelope(o);
        byte[] from = e.from().getBytes(StandardCharsets.UTF_8);
        byte[] tag = e.tag().getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocate(4 + from.length + tag.length + e.payload().length);
        write(buf, from, tag, e.payload());
        return buf.array();
    }

    @Override
    public void toBinary(Object o, ByteBuffer buf) {
        PeerEnvelope e = envelope(o);
        write(buf, e.from().getBytes(StandardCharsets.UTF_8), e.tag().getBytes(StandardCharsets.UTF_8), e.payload());
    }

    @Override
    public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
        return fromBinary(ByteBuffer.wrap(bytes), manifest);
    }

    @Override
    public Object fromBinary(ByteBuffer buf, String manifest) throws NotSerializableException {
        if (!MANIFEST.equals(manifest)) {
            throw new NotSerializableException("unknown peer envelope manifest '" + manifest + "'");
        }
        try {
            String from = string(buf);
            String tag = string(buf);
            byte[] payload = new byte[buf.remaining()];
            buf.get(payload);
            return new PeerEnvelope(from, tag, payload);
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new NotSerializableException("a truncated or malformed peer envelope: " + e);
        }
    }

    private static PeerEnvelope envelope(Object o) {
        if (o instanceof PeerEnvelope e) {
            return e;
        }
        throw new IllegalArgumentException("the peer envelope serializer only writes PeerEnvelope, not "
                + (o == null ? "null" : o.getClass().getName()));
    }

    private static void write(ByteBuffer buf, byte[] from, byte[] tag, byte[] payload) {
        buf.putShort((short) from.length).put(from).putShort((short) tag.length).put(tag).put(payload);
    }

    private static String string(ByteBuffer buf) {
        int length = buf.getShort() & 0xffff;
        if (length > buf.remaining()) {
            throw new IllegalArgumentException("a field of " + length + " bytes with " + buf.remaining() + " left");
        }
        byte[] bytes = new byte[length];
        buf.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
