package dev.trellis.serve.graph;

import dev.trellis.core.internal.VirtualThreads;
import dev.trellis.serve.Application;
import dev.trellis.serve.DeploymentHandle;
import dev.trellis.serve.UserCodeException;
import dev.trellis.serve.internal.invoke.ConstructorResolver;
import dev.trellis.serve.internal.multiplex.MultiplexedModels;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * The deployments of a graph, instantiated in this process for local execution: one instance
 * per bound deployment (constructor arguments that are bound deployments become
 * {@link LocalHandle}s), calls on virtual threads from one executor, multiplexed models cached
 * per instance as on a replica. Closing it closes the executor, every instance's models, and
 * every instance that is {@link AutoCloseable}.
 */
final class LocalDeployments implements AutoCloseable {
    private final ExecutorService executor = VirtualThreads.perTaskExecutor("trellis-local");
    private final Map<Application<?>, LocalHandle<?>> handles = new IdentityHashMap<>();

    LocalHandle<?> handle(Application<?> app) {
        LocalHandle<?> existing = handles.get(app);
        if (existing != null) {
            return existing;
        }
        var handle = new LocalHandle<>(app.ingress().name(), instantiate(app), executor);
        handles.put(app, handle);
        return handle;
    }

    private Object instantiate(Application<?> app) {
        if (app.ingress().function() != null) {
            return app.ingress().function();
        }
        var args = new ArrayList<Object>();
        for (Object arg : app.args()) {
            if (arg instanceof Application<?> child) {
                args.add(handle(child));
            } else if (arg instanceof List<?> list && list.stream().anyMatch(Application.class::isInstance)) {
                args.add(list.stream().map(e -> e instanceof Application<?> c ? (Object) handle(c) : e).toList());
            } else {
                args.add(arg);
            }
        }
        var constructor = ConstructorResolver.find(app.ingress().userClass(), localized(args));
        try {
            Object instance = constructor.newInstance(args.toArray());
            MultiplexedModels.register(instance, executor, (version, ids) -> { });
            try {
                if (app.ingress().config().userConfig() != null && instance instanceof dev.trellis.serve.Reconfigurable<?>) {
                    LocalHandle.reconfigure(instance, app.ingress().config().userConfig());
                }
            } catch (RuntimeException e) {
                MultiplexedModels.closeAndForget(instance);
                throw e;
            }
            return instance;
        } catch (InvocationTargetException e) {
            throw UserCodeException.of(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot construct " + app.ingress().name() + ": " + e, e);
        }
    }

    /** The constructor check treats handles as the planner's references would be. */
    private static List<Object> localized(List<Object> args) {
        var out = new ArrayList<Object>(args.size());
        for (Object arg : args) {
            out.add(arg instanceof DeploymentHandle<?> h
                    ? new dev.trellis.serve.internal.spec.HandleRef("local", h.deploymentName(), Object.class) : arg);
        }
        return out;
    }

    @Override
    public void close() {
        executor.close();
        for (LocalHandle<?> h : handles.values()) {
            h.closeInstance();
        }
    }
}
