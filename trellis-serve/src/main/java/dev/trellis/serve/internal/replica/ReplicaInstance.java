package dev.trellis.serve.internal.replica;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trellis.serve.DeploymentHandle;
import dev.trellis.serve.HealthCheckable;
import dev.trellis.serve.Reconfigurable;
import dev.trellis.serve.ServeFunction;
import dev.trellis.serve.internal.batch.BatchObserver;
import dev.trellis.serve.internal.batch.BatchedMethod;
import dev.trellis.serve.internal.batch.InstanceBatching;
import dev.trellis.serve.internal.invoke.ArgumentBinder;
import dev.trellis.serve.internal.invoke.FunctionTypes;
import dev.trellis.serve.internal.invoke.ConstructorResolver;
import dev.trellis.serve.internal.invoke.MethodKey;
import dev.trellis.serve.internal.invoke.MethodResolver;
import dev.trellis.serve.internal.spec.DeploymentSpec;
import dev.trellis.serve.internal.spec.HandleRef;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The user's object inside one replica and the reflective calls on it: construction,
 * method calls named by {@link MethodKey}, reconfigure, health check and close. Every method
 * here runs user code and is called from a virtual thread, never from an actor.
 */
final class ReplicaInstance {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Object target;
    private final Class<?> userClass;
    private final MethodResolver methods;
    /** For function deployments: binds the input to what {@code apply} really takes; null for classes. */
    private final ArgumentBinder functionInput;
    /** The batchers of its {@code @Batch} methods: a call of one waits in {@link BatchedMethod#call}. */
    private final InstanceBatching batching;

    private ReplicaInstance(Object target, Class<?> userClass, MethodResolver methods, String owner,
                            Function<String, BatchObserver> batches) {
        this.target = target;
        this.userClass = userClass;
        this.methods = methods;
        this.batching = new InstanceBatching(target, owner, batches);
        this.functionInput = target instanceof ServeFunction<?, ?> fn && userClass == ServeFunction.class
                ? ArgumentBinder.forFunction(owner.substring(owner.indexOf('#') + 1), FunctionTypes.inputType(fn)) : null;
    }

    /**
     * Builds the user object; {@link HandleRef} arguments become handles; the batches of its
     * {@code @Batch} methods are reported to {@code batches.apply(method name)}. Throws what the constructor throws.
     */
    static ReplicaInstance create(DeploymentSpec spec, Function<HandleRef, DeploymentHandle<?>> handles,
                                  MethodResolver methods, Function<String, BatchObserver> batches) throws Throwable {
        if (spec.function() != null) {
            return new ReplicaInstance(spec.function(), spec.userClass(), methods, spec.id(), batches);
        }
        var args = new ArrayList<Object>(spec.initArgs().size());
        for (Object arg : spec.initArgs()) {
            if (arg instanceof HandleRef ref) {
                args.add(handles.apply(ref));
            } else if (arg instanceof List<?> list && list.stream().anyMatch(HandleRef.class::isInstance)) {
                args.add(list.stream().map(e -> e instanceof HandleRef ref ? handles.apply(ref) : e).toList());
            } else {
                args.add(arg);
            }
        }
        var constructor = ConstructorResolver.find(spec.userClass(), args);
        try {
            return new ReplicaInstance(constructor.newInstance(args.toArray()), spec.userClass(), methods, spec.id(),
                    batches);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** The user's object (for per-instance state kept outside it, such as multiplexed models). */
    Object target() {
        return target;
    }

    /**
     * Calls the method {@code key} names, with {@code args} bound to its declared types first
     * ({@link ArgumentBinder}: a value that cannot be is an {@code InvalidInputException} naming
     * it). Throws what the method throws. A {@code @Batch} method gets this call's one item
     * batched with others; the call waits for its own result (or, for a streaming batch, returns
     * its own stream of results).
     */
    Object invoke(MethodKey key, Object[] args) throws Throwable {
        Method m = methods.find(userClass, key);
        Object[] bound = (functionInput != null ? functionInput : ArgumentBinder.of(m)).bind(args);
        BatchedMethod batched = batching.find(m);
        if (batched != null) {
            return batched.call(bound[0]);
        }
        try {
            return m.invoke(target, bound);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** Converts {@code userConfig} to the type the class's {@code Reconfigurable<C>} declares and calls it. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    void reconfigure(JsonNode userConfig) throws Exception {
        if (!(target instanceof Reconfigurable r)) {
            return;
        }
        Type configType = reconfigurableType(target.getClass());
        Object value = JSON.convertValue(userConfig, JSON.getTypeFactory().constructType(configType));
        r.reconfigure(value);
    }

    void checkHealth() throws Exception {
        if (target instanceof HealthCheckable h) {
            h.checkHealth();
        }
    }

    void close() throws Exception {
        try {
            if (target instanceof AutoCloseable c) {
                c.close();
            }
        } finally {
            batching.close();
        }
    }

    private static Type reconfigurableType(Class<?> cls) {
        for (Class<?> c = cls; c != null; c = c.getSuperclass()) {
            for (Type t : c.getGenericInterfaces()) {
                if (t instanceof ParameterizedType p && p.getRawType() == Reconfigurable.class) {
                    return p.getActualTypeArguments()[0];
                }
            }
        }
        return JsonNode.class;
    }
}
