package dev.trellis.serve;

import java.util.Iterator;

/**
 * A result delivered item by item, such as generated tokens or server-sent events. When a
 * deployment method returns one (or a {@code java.util.stream.Stream} or {@code Iterator}) to a
 * streaming call, each item is sent to the caller as soon as it is produced, with flow control,
 * instead of after the method has finished.
 *
 * @param <T> the item type
 */
public interface ResultStream<T> {
    /** The items; consumed once, on the replica. */
    Iterator<T> items();

    /** Sent before the first item (for HTTP: status and headers); null for none. */
    default Object header() {
        return null;
    }
}
