package dev.trellis.core;

/**
 * A value that knows how many bytes it holds, for the object store's budget: the store counts
 * what {@link #sizeBytes} says instead of estimating (it walks primitive arrays, strings,
 * collections and records a few levels deep, and counts other objects as a few bytes). Put
 * values that hold large data behind private fields (a columnar batch, say) should implement it,
 * or the store cannot tell when to spill them.
 */
public interface Sized {
    /** The bytes this value holds, roughly. */
    long sizeBytes();
}
