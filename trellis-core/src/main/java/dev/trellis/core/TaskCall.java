package dev.trellis.core;

import dev.trellis.core.internal.runtime.CoreRuntimes;
import java.io.Serializable;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A task ready to submit: from {@code Trellis.task(Fns::square, 3)}, optionally with
 * {@link #options}. Immutable; {@link #remote()} may be called more than once (each call is a
 * new task).
 *
 * @param <R> the function's result type
 */
public final class TaskCall<R> {
    private final Serializable fn;
    private final Object[] args;
    private final TaskOptions options;

    TaskCall(Serializable fn, Object[] args) {
        this(fn, args, TaskOptions.DEFAULT);
    }

    private TaskCall(Serializable fn, Object[] args, TaskOptions options) {
        this.fn = Objects.requireNonNull(fn, "fn");
        this.args = args;
        this.options = options;
    }

    /** The same task with options changed, e.g. {@code options(o -> o.numCpus(2).maxRetries(0))}. */
    public TaskCall<R> options(Consumer<TaskOptions.Builder> change) {
        TaskOptions.Builder b = options.toBuilder();
        change.accept(b);
        return new TaskCall<>(fn, args, b.build());
    }

    /** The same task with {@code options}. */
    public TaskCall<R> options(TaskOptions options) {
        return new TaskCall<>(fn, args, Objects.requireNonNull(options, "options"));
    }

    /** Submits the task; returns a ref to its result at once. */
    public ObjectRef<R> remote() {
        return CoreRuntimes.current().submitTask(fn, args.clone(), options);
    }
}
