package dev.trellis.data.internal.exec;

/**
 * A stream of blocks an operator produces, pulled by the next one: an operator starts work only
 * as its consumer asks for blocks, within a bounded window, so a dataset larger than memory
 * streams through (back-pressure from the consumer to the reads).
 */
public interface BlockStream extends AutoCloseable {
    /** The next block, waiting for it; null at the end. */
    BlockRef next();

    /** Stops: nothing more is started, and what the stream holds (actors) is released. */
    @Override
    void close();
}
