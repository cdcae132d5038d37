package dev.trellis.serve;

import java.io.Serializable;

/**
 * A deployment written as a function, the counterpart of Ray's {@code @serve.deployment} on a
 * plain function. Create one with {@link Serve#function(String, ServeFunction)} and call it
 * through a handle with {@code handle.remote(ServeFunction::apply, input)}.
 */
@FunctionalInterface
public interface ServeFunction<I, O> extends Serializable {
    O apply(I input) throws Exception;
}
