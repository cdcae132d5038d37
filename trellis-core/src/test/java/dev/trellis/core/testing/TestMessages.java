package dev.trellis.core.testing;

import dev.trellis.core.internal.cluster.NodeMessage;
import dev.trellis.core.internal.serialization.MessageRegistry;
import dev.trellis.core.internal.serialization.TrellisSerializable;
import java.util.Map;

/** Test-only node messages; add this class to {@code trellis.serialization.registries} to send them. */
public final class TestMessages implements MessageRegistry {
    /** A numbered message; an echoing node answers with {@code "echo:" + text}. */
    public record Ping(int seq, String text) implements NodeMessage {
    }

    /** Bulk bytes, like an object chunk. */
    public record Blob(byte[] bytes) implements NodeMessage {
    }

    @Override
    public Map<String, Class<? extends TrellisSerializable>> types() {
        return Map.of("test.ping", Ping.class, "test.blob", Blob.class);
    }
}
