package dev.trellis.core;

import java.util.List;

/**
 * What {@link Trellis#wait} found: the refs that are ready (at most the number asked for, in the
 * order given) and the rest.
 */
public record WaitResult<T>(List<ObjectRef<T>> ready, List<ObjectRef<T>> unready) {
    public WaitResult {
        ready = List.copyOf(ready);
        unready = List.copyOf(unready);
    }
}
