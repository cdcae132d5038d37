package dev.trellis.serve.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trellis.serve.DeploymentResponse;
import dev.trellis.serve.DeploymentStream;
import dev.trellis.serve.HandleOptions;
import dev.trellis.serve.Reconfigurable;
import dev.trellis.serve.RequestTimeoutException;
import dev.trellis.serve.InvalidInputException;
import dev.trellis.serve.ServeFunction;
import dev.trellis.serve.UserCodeException;
import dev.trellis.serve.internal.batch.BatchedMethod;
import dev.trellis.serve.internal.batch.InstanceBatching;
import dev.trellis.serve.internal.handle.MethodReferenceHandle;
import dev.trellis.serve.internal.invoke.ArgumentBinder;
import dev.trellis.serve.internal.invoke.FunctionTypes;
import dev.trellis.serve.internal.multiplex.ModelCallScope;
import dev.trellis.serve.internal.multiplex.MultiplexedModels;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A handle to an instance in this process (local execution): each call runs on its own
 * virtual thread, after the earlier responses among its arguments have completed, and fails
 * with {@link UserCodeException} as a deployed call would.
 */
final class LocalHandle<T> extends MethodReferenceHandle<T> {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final Object instance;
    private final ExecutorService executor;
    private final HandleOptions handleOptions;
    /** {@code @Batch} methods are batched here too, by the replicas' batchers, so local runs behave as deployed ones. */
    private final InstanceBatching batching;
    /** For a function: binds its input to what it really takes (found once); null for a class. */
    private final ArgumentBinder functionInput;

    LocalHandle(String name, Object instance, ExecutorService executor) {
        this(name, instance, executor, HandleOptions.DEFAULT, new InstanceBatching(instance, "local#" + name),
                instance instanceof ServeFunction<?, ?> fn ? ArgumentBinder.forFunction(name, FunctionTypes.inputType(fn))
                        : null);
    }

    private LocalHandle(String name, Object instance, ExecutorService executor, HandleOptions handleOptions,
                        InstanceBatching batching, ArgumentBinder functionInput) {
        this.name = name;
        this.instance = instance;
        this.executor = executor;
        this.handleOptions = handleOptions;
        this.batching = batching;
        this.functionInput = functionInput;
    }

    /** The same instance, called with changed options (the model id is bound around each call, as on a replica). */
    @Override
    public LocalHandle<T> options(Consumer<HandleOptions.Builder> change) {
        var builder = handleOptions.toBuilder();
        change.accept(builder);
        return new LocalHandle<>(name, instance, executor, builder.build(), batching, functionInput);
    }

    @Override
    public String applicationName() {
        return "local";
    }

    @Override
    public String deploymentName() {
        return name;
    }

    @Override
    public <R> DeploymentResponse<R> invoke(Method method, Object... args) {
        CompletableFuture<R> future = CompletableFuture.supplyAsync(() -> call(method, args), executor);
        return new LocalResponse<>(future, name + "." + method.getName());
    }

    @SuppressWarnings("unchecked")
    private <R> R call(Method method, Object[] args) {
        Object[] resolved = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            resolved[i] = args[i] instanceof DeploymentResponse<?> r ? r.result() : args[i];
        }
        Object[] bound;
        try { // as a replica binds them: bad input is the caller's fault, reported as the deployment's InvalidInputException
            bound = (functionInput != null ? functionInput : ArgumentBinder.of(method)).bind(resolved);
        } catch (InvalidInputException e) {
            throw UserCodeException.of(e);
        }
        BatchedMethod batched = batching.find(method);
        if (batched != null) {
            return (R) callBatched(batched, bound[0]);
        }
        try {
            method.setAccessible(true);
            return (R) ModelCallScope.call(handleOptions.multiplexedModelId(), () -> method.invoke(instance, bound));
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw UserCodeException.of(cause);
        } catch (Exception e) { // reflection's own failures
            throw UserCodeException.of(e);
        }
    }

    private static Object callBatched(BatchedMethod batched, Object item) {
        try {
            return batched.call(item);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new dev.trellis.serve.RequestCancelledException("cancelled while waiting for its batch of "
                    + batched.shape().name());
        } catch (UserCodeException e) {
            throw e;
        } catch (Throwable t) {
            throw UserCodeException.of(t);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static void reconfigure(Object instance, JsonNode config) {
        for (var t : instance.getClass().getGenericInterfaces()) {
            if (t instanceof java.lang.reflect.ParameterizedType p && p.getRawType() == Reconfigurable.class) {
                Object value = JSON.convertValue(config, JSON.getTypeFactory().constructType(p.getActualTypeArguments()[0]));
                try {
                    ((Reconfigurable) instance).reconfigure(value);
                } catch (Exception e) {
                    throw UserCodeException.of(e);
                }
                return;
            }
        }
    }

    void closeInstance() {
        MultiplexedModels.closeAndForget(instance);
        batching.close();
        if (instance instanceof AutoCloseable c && !(instance instanceof ServeFunction<?, ?>)) {
            try {
                c.close();
            } catch (Exception ignored) {
                // local execution ends either way; close is best effort here
            }
        }
    }

    @Override
    protected <R> DeploymentStream<R> invokeStreaming(Method method, Object... args) {
        DeploymentResponse<Stream<R>> response = invoke(method, args);
        return localStream(response);
    }

    private static <R> DeploymentStream<R> localStream(DeploymentResponse<Stream<R>> response) {
        Stream<R> stream = response.result();
        Iterator<R> items = stream.iterator();
        return new DeploymentStream<>() {
            @Override
            public boolean hasNext(Duration timeout) {
                return items.hasNext();
            }

            @Override
            public boolean hasNext() {
                return items.hasNext();
            }

            @Override
            public R next() {
                return items.next();
            }

            @Override
            public void cancel() {
                stream.close();
            }
        };
    }

    /** {@link DeploymentResponse} over a local future. */
    private record LocalResponse<R>(CompletableFuture<R> future, String description) implements DeploymentResponse<R> {
        @Override
        public R result() {
            try {
                return future.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }

        @Override
        public R result(Duration timeout) {
            try {
                return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new CompletionException(e.getCause());
            } catch (TimeoutException e) {
                throw new RequestTimeoutException("no result from " + description + " within " + timeout);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new dev.trellis.serve.RequestCancelledException("interrupted while waiting for " + description);
            }
        }

        @Override
        public CompletionStage<R> toCompletionStage() {
            return future.minimalCompletionStage();
        }

        @Override
        public boolean cancel() {
            return future.cancel(true);
        }

        @Override
        public boolean isDone() {
            return future.isDone();
        }
    }
}
