package dev.trellis.core.internal.serialization;

/**
 * Marker for messages that may cross an actor boundary (between nodes in cluster mode, and in
 * every test run with {@code pekko.actor.serialize-messages = on}). Such messages are encoded
 * as CBOR by {@link TrellisCborSerializer}; Java serialization is never used. Every concrete
 * type must be listed in a {@link MessageRegistry} so the decoder never loads a class named
 * by the bytes it reads.
 */
public interface TrellisSerializable {
}
