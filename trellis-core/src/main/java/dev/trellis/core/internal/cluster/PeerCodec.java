package dev.trellis.core.internal.cluster;

import dev.trellis.core.internal.ActorSystems;
import dev.trellis.core.internal.cluster.AgentProtocol.PeerEnvelope;
import dev.trellis.core.internal.serialization.TrellisCborSerializer;
import java.io.NotSerializableException;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.SerializationExtension;

/**
 * Wraps a {@link NodeMessage} in a {@link PeerEnvelope}: the message is encoded by the Trellis
 * CBOR serializer under its registry tag, so the receiver decodes it by tag alone.
 */
final class PeerCodec {
    /** Room left in a frame for the envelope around the message and Artery's header. */
    private static final int ENVELOPE_OVERHEAD = 16 * 1024;

    /** The largest encoded message that fits in one Artery frame. */
    static final int MAX_MESSAGE_BYTES = ActorSystems.MAXIMUM_FRAME_BYTES - ENVELOPE_OVERHEAD;

    private final TrellisCborSerializer serializer;

    PeerCodec(ActorSystem<?> system) {
        var serialization = SerializationExtension.get(Adapter.toClassic(system));
        try {
            // Any Trellis message type but the envelope (which has a serializer of its own).
            this.serializer = (TrellisCborSerializer) serialization.serializerFor(
                    dev.trellis.core.internal.serialization.TrellisSerializable.class);
        } catch (NotSerializableException | ClassCastException e) {
            throw new IllegalStateException("Trellis messages are not bound to the Trellis CBOR serializer", e);
        }
    }

    PeerEnvelope encode(String from, NodeMessage message) {
        String tag = serializer.manifest(message);
        byte[] bytes = serializer.toBinary(message);
        if (bytes.length > MAX_MESSAGE_BYTES) {
            throw new IllegalArgumentException("a " + tag + " message of " + bytes.length
                    + " bytes is larger than the " + MAX_MESSAGE_BYTES + " bytes one node message may have; "
                    + "send bulk data in chunks");
        }
        return new PeerEnvelope(from, tag, bytes);
    }

    NodeMessage decode(PeerEnvelope envelope) throws NotSerializableException {
        Object message = serializer.fromBinary(envelope.payload(), envelope.tag());
        if (message instanceof NodeMessage nodeMessage) {
            return nodeMessage;
        }
        throw new NotSerializableException("Trellis message tag '" + envelope.tag() + "' is no NodeMessage");
    }
}
