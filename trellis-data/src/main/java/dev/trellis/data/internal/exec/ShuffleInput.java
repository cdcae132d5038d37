package dev.trellis.data.internal.exec;

import dev.trellis.core.ObjectRef;
import dev.trellis.data.Batch;
import java.util.List;

/** A reduce task's input: piece j of every block, as refs (fetched where the task runs). */
public record ShuffleInput(List<ObjectRef<Batch>> parts) {
    public ShuffleInput {
        parts = List.copyOf(parts);
    }
}
