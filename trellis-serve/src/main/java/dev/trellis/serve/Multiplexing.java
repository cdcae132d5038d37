package dev.trellis.serve;

import dev.trellis.serve.internal.invoke.MethodRefs;
import dev.trellis.serve.internal.multiplex.ModelCallScope;
import dev.trellis.serve.internal.multiplex.MultiplexedModels;
import java.lang.reflect.Method;
import java.util.Objects;
import java.util.Optional;

/**
 * Model multiplexing inside a deployment: the Java side of Ray's
 * {@code serve.get_multiplexed_model_id()} and of calling a {@code @serve.multiplexed} loader.
 * <pre>{@code
 * public final class Classifier {
 *     @Multiplexed(maxNumModelsPerReplica = 3)
 *     public Model load(String modelId) { ... }
 *
 *     public String predict(String text) {
 *         Model model = Multiplexing.model(this, Classifier::load);  // Ray: await self.get_model(serve.get_multiplexed_model_id())
 *         return model.predict(text);
 *     }
 * }
 * }</pre>
 *
 * <p>A call's model id is set by its caller, with
 * {@code handle.options(o -> o.multiplexedModelId("a"))} or, over HTTP, the
 * {@value #MODEL_ID_HEADER} header. It is visible to the code running the call on the call's
 * own thread; read it there and pass it on to threads you start. It is not passed on to the
 * handle calls the deployment makes in turn (as in Ray): set it on those handles explicitly.
 */
public final class Multiplexing {
    /** The HTTP request header carrying the model id (Ray's name; header names are case-insensitive). */
    public static final String MODEL_ID_HEADER = "serve_multiplexed_model_id";

    private Multiplexing() {
    }

    /**
     * The model id of the call running on this thread (Ray's {@code serve.get_multiplexed_model_id()}).
     *
     * @throws InvalidInputException if the call has none (over HTTP: a 400 naming the header)
     * @throws IllegalStateException outside a deployment call (a constructor, or a thread the call started)
     */
    public static String modelId() {
        ModelCallScope scope = scope("Multiplexing.modelId()");
        if (scope.modelId() == null) {
            throw new InvalidInputException("this call has no multiplexed model id: set it with"
                    + " handle.options(o -> o.multiplexedModelId(\"...\")) or the " + MODEL_ID_HEADER
                    + " HTTP header (ids are not passed on to nested handle calls)");
        }
        return scope.modelId();
    }

    /**
     * The model id of the call running on this thread, if it has one.
     *
     * @throws IllegalStateException outside a deployment call
     */
    public static Optional<String> findModelId() {
        return Optional.ofNullable(scope("Multiplexing.findModelId()").modelId());
    }

    /**
     * The model for this call's {@link #modelId()}, from this replica's cache or loaded by
     * {@code loader} (a method reference to the class's {@link Multiplexed @Multiplexed} method).
     *
     * @throws InvalidInputException if the call has no model id
     * @throws MultiplexedModelLoadException if loading the model failed
     */
    public static <T, M> M model(T self, ModelLoader<T, M> loader) {
        return model(self, loader, modelId());
    }

    /**
     * The model {@code modelId} from this replica's cache, or loaded by {@code loader}. Works in
     * any thread of a running replica (not in its constructor); within a call, the model stays
     * open until the call ends even if it is evicted meanwhile.
     *
     * @param self    the deployment instance ({@code this})
     * @param loader  the class's {@code @Multiplexed} method, such as {@code Classifier::load}
     * @param modelId the model to use
     * @throws IllegalArgumentException if {@code loader} is not the class's {@code @Multiplexed}
     *     method, or the id is not a valid {@code multiplexed_model_id}
     * @throws IllegalStateException if {@code self} is not a running replica's instance
     * @throws MultiplexedModelLoadException if loading the model failed (also for every call
     *     that waited for the same load)
     */
    @SuppressWarnings("unchecked")
    public static <T, M> M model(T self, ModelLoader<T, M> loader, String modelId) {
        Objects.requireNonNull(self, "self");
        Objects.requireNonNull(loader, "loader");
        HandleOptions.checkModelId(modelId);
        Method method = loaderMethod(loader);
        MultiplexedModels.Registered models = MultiplexedModels.of(self);
        if (models == null) {
            throw new IllegalStateException("this " + self.getClass().getSimpleName() + " is not a running replica"
                    + " (multiplexed models are cached per replica): call Multiplexing.model from a deployment"
                    + " method (not the constructor), or run the class with Serve or local execution");
        }
        if (!models.loader().method().equals(method)) {
            throw new IllegalArgumentException(method.getDeclaringClass().getSimpleName() + "::" + method.getName()
                    + " is not the @Multiplexed loader of " + self.getClass().getSimpleName() + " ("
                    + models.loader().display() + " is)");
        }
        return (M) models.cache().get(modelId,
                () -> ModelCallScope.call(modelId, () -> loader.load(self, modelId)), ModelCallScope.current());
    }

    private static ModelCallScope scope(String what) {
        ModelCallScope scope = ModelCallScope.current();
        if (scope == null) {
            throw new IllegalStateException(what + " was called outside a deployment call (in a constructor, or"
                    + " in a thread the call started): read the id in the call's own thread and pass it on");
        }
        return scope;
    }

    private static Method loaderMethod(ModelLoader<?, ?> loader) {
        Method method;
        try {
            method = MethodRefs.resolve(loader);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Multiplexing.model takes a method reference to the @Multiplexed"
                    + " loader, such as Classifier::load: " + e.getMessage(), e);
        }
        if (!method.isAnnotationPresent(Multiplexed.class)) {
            throw new IllegalArgumentException(method.getDeclaringClass().getSimpleName() + "::" + method.getName()
                    + " is not annotated @Multiplexed; annotate the loader method with"
                    + " @Multiplexed(maxNumModelsPerReplica = ...)");
        }
        return method;
    }
}
