package dev.trellis.bench;

/** Something the harness calls: a Trellis handle, or a baseline doing the minimum of the same work. */
interface CallTarget extends AutoCloseable {
    String name();

    /** One blocking round trip returning {@code x + 1}. */
    int call(int x) throws Exception;

    @Override
    default void close() throws Exception {
    }
}
