package dev.trellis.serve;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a deployment's model loader for model multiplexing, the counterpart of Ray's
 * {@code @serve.multiplexed(max_num_models_per_replica=3)}. The method takes the model id and
 * returns the loaded model:
 * <pre>{@code
 * public final class Classifier {
 *     @Multiplexed(maxNumModelsPerReplica = 3)
 *     public Model load(String modelId) { return Model.read(Path.of("models", modelId + ".onnx")); }
 *
 *     public String predict(String text) {
 *         Model model = Multiplexing.model(this, Classifier::load);   // the request's model id
 *         return model.predict(text);
 *     }
 * }
 * }</pre>
 *
 * <p>Call the loader through {@link Multiplexing#model}, never as {@code this.load(id)} (Java
 * cannot intercept that call, so it would bypass the cache). Each replica keeps at most
 * {@link #maxNumModelsPerReplica()} models, least recently used first out; an evicted model is
 * closed if it is {@link AutoCloseable}. Callers pick the model with
 * {@code handle.options(o -> o.multiplexedModelId("a"))} or the {@code serve_multiplexed_model_id}
 * HTTP header, and calls are routed to replicas that already hold their model.
 *
 * <p>Rules, checked when the application is planned: an instance method, exactly one
 * {@code String} parameter (the model id), a non-void return type, at most one
 * {@code @Multiplexed} method per deployment class.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Multiplexed {
    /** Ray's default {@code max_num_models_per_replica}. */
    int DEFAULT_MAX_NUM_MODELS_PER_REPLICA = 3;

    /** {@code max_num_models_per_replica}: models one replica keeps loaded at most (>= 1); default 3. */
    int maxNumModelsPerReplica() default DEFAULT_MAX_NUM_MODELS_PER_REPLICA;
}
