package dev.trellis.core.internal.cluster;

import dev.trellis.core.internal.serialization.TrellisSerializable;

/**
 * A message from one node agent to another (tasks, actor calls, object chunks, frees). Every
 * concrete type is a record listed in a {@code MessageRegistry}, so it crosses nodes as CBOR.
 */
public interface NodeMessage extends TrellisSerializable {
}
