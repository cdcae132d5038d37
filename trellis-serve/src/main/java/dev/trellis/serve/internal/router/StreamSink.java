package dev.trellis.serve.internal.router;

/**
 * Receives a streaming call's header and items as they arrive, on the node's agent thread:
 * implementations must not block. The call's future completing (normally or not) ends the stream.
 */
public interface StreamSink {
    void onHeader(Object header);

    void onItem(Object item);
}
