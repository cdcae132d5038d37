package dev.trellis.serve.internal.handle;

import dev.trellis.serve.DeploymentResponse;
import dev.trellis.serve.DeploymentStream;
import dev.trellis.serve.HandleOptions;
import java.util.concurrent.Flow;
import dev.trellis.serve.internal.invoke.MethodKey;
import dev.trellis.serve.internal.messages.KnownClasses;
import dev.trellis.serve.internal.observe.CallScope;
import dev.trellis.serve.internal.observe.RequestContext;
import dev.trellis.serve.internal.observe.Tracing;
import io.opentelemetry.context.Context;
import dev.trellis.serve.internal.router.StreamSink;
import io.opentelemetry.api.trace.Span;
import dev.trellis.serve.internal.router.PendingCall;
import dev.trellis.serve.internal.router.PowerOfTwoChoicesRouter;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The handle implementation: resolves the method reference once per call site, checks it
 * belongs to the deployment's class, waits (without blocking) for arguments that are earlier
 * responses, and gives the call to the node's router for the deployment.
 */
public final class ActorDeploymentHandle<T> extends MethodReferenceHandle<T> {
    private static final Map<Method, MethodKey> KEYS = new ConcurrentHashMap<>();

    private final String applicationName;
    private final String deploymentName;
    private final Class<?> userClass;
    private final PowerOfTwoChoicesRouter router;
    private final AtomicLong requestIds;
    private final KnownClasses knownClasses;
    private final HandleOptions handleOptions;
    private final Tracing tracing;

    public ActorDeploymentHandle(String applicationName, String deploymentName, Class<?> userClass,
                                 PowerOfTwoChoicesRouter router, AtomicLong requestIds, KnownClasses knownClasses) {
        this(applicationName, deploymentName, userClass, router, requestIds, knownClasses, Tracing.OFF);
    }

    /** A handle whose calls are traced through {@code tracing} (a span per call, its context passed on). */
    public ActorDeploymentHandle(String applicationName, String deploymentName, Class<?> userClass,
                                 PowerOfTwoChoicesRouter router, AtomicLong requestIds, KnownClasses knownClasses,
                                 Tracing tracing) {
        this(applicationName, deploymentName, userClass, router, requestIds, knownClasses, HandleOptions.DEFAULT,
                tracing);
    }

    private ActorDeploymentHandle(String applicationName, String deploymentName, Class<?> userClass,
                                  PowerOfTwoChoicesRouter router, AtomicLong requestIds, KnownClasses knownClasses,
                                  HandleOptions handleOptions, Tracing tracing) {
        this.handleOptions = handleOptions;
        this.tracing = tracing;
        this.applicationName = applicationName;
        this.deploymentName = deploymentName;
        this.userClass = userClass;
        this.router = router;
        this.requestIds = requestIds;
        this.knownClasses = knownClasses;
        if (userClass != null) {
            knownClasses.register(userClass);
        }
    }

    @Override
    public String applicationName() {
        return applicationName;
    }

    @Override
    public String deploymentName() {
        return deploymentName;
    }

    /** A handle with changed options that shares this one's router (and so its in-flight counts). */
    @Override
    public ActorDeploymentHandle<T> options(Consumer<HandleOptions.Builder> change) {
        var builder = handleOptions.toBuilder();
        change.accept(builder);
        return new ActorDeploymentHandle<>(applicationName, deploymentName, userClass, router, requestIds, knownClasses,
                builder.build(), tracing);
    }

    /** The options every call through this handle carries. */
    public HandleOptions handleOptions() {
        return handleOptions;
    }

    @Override
    protected <R> DeploymentStream<R> invokeStreaming(Method method, Object... args) {
        var stream = new BlockingDeploymentStream<R>(deploymentName + "." + method.getName());
        invokeStream(method, args).subscribe(stream);
        return stream;
    }

    /**
     * Calls {@code method} as a streaming call: its result ({@code Stream}, {@code Iterator},
     * {@code ResultStream}) arrives item by item, the {@code ResultStream} header first, with
     * flow control by the subscriber's demand. For ingresses that pick the method at run time.
     */
    public Flow.Publisher<Object> invokeStream(Method method, Object... args) {
        MethodKey key = keyOf(method);
        // The caller's request and trace are taken now: the call itself is made when the stream is subscribed to.
        RequestContext request = CallScope.currentContext();
        Context caller = tracing.callerContext();
        return new CallPublisher((sink, credit) -> newCall(key, args, sink, credit, request, caller),
                call -> submitWhenArgumentsResolve(call, args));
    }

    /**
     * Calls {@code method} with {@code args} (which may contain earlier responses): the untyped
     * form of {@code remote}, for ingresses (the HTTP proxy) that pick the method at run time.
     *
     * @throws IllegalArgumentException if {@code method} is not a method of the deployment's class
     */
    @Override
    public <R> DeploymentResponse<R> invoke(Method method, Object... args) {
        MethodKey key = keyOf(method);
        var call = newCall(key, args, null, 0, CallScope.currentContext(), tracing.callerContext());
        var response = new CallResponse<R>(call, deploymentName + "." + method.getName());
        submitWhenArgumentsResolve(call, args);
        return response;
    }

    /**
     * A call of {@code key}: it carries the caller's {@code request} (if any) and, when traced, the
     * context of a new CLIENT span, child of the caller's trace context, that ends with the call.
     */
    private PendingCall newCall(MethodKey key, Object[] args, StreamSink sink, int credit, RequestContext request,
                                Context caller) {
        Span span = tracing.startCall(caller, applicationName, deploymentName, key.methodName());
        var call = new PendingCall(requestIds.incrementAndGet(), key, args, sink, credit,
                handleOptions.multiplexedModelId(), Tracing.outgoing(request, span));
        Tracing.endWith(span, call.future());
        return call;
    }

    private MethodKey keyOf(Method method) {
        if (userClass != null && !method.getDeclaringClass().isAssignableFrom(userClass)) {
            throw new IllegalArgumentException(method.getDeclaringClass().getSimpleName() + "::" + method.getName()
                    + " is not a method of deployment " + deploymentName + " (class " + userClass.getName() + ")");
        }
        return KEYS.computeIfAbsent(method, m -> {
            knownClasses.register(m.getDeclaringClass());
            return MethodKey.of(m);
        });
    }

    /** Submits now, or once every argument that is an earlier response has completed (without blocking). */
    private void submitWhenArgumentsResolve(PendingCall call, Object[] args) {
        List<CompletableFuture<?>> upstream = new ArrayList<>();
        for (Object arg : args) {
            if (arg instanceof CallResponse<?> r) {
                upstream.add(r.future());
            } else if (arg instanceof DeploymentResponse<?> other) {
                upstream.add(other.toCompletionStage().toCompletableFuture());
            }
        }
        if (upstream.isEmpty()) {
            router.submit(call);
        } else {
            // Runs on the thread completing the last upstream response (never blocks it: submit only routes).
            CompletableFuture.allOf(upstream.toArray(CompletableFuture[]::new)).whenComplete((ignored, failure) -> {
                if (failure != null) {
                    call.future().completeExceptionally(failure instanceof java.util.concurrent.CompletionException c
                            && c.getCause() != null ? c.getCause() : failure);
                    return;
                }
                for (int i = 0; i < args.length; i++) {
                    if (args[i] instanceof DeploymentResponse<?> r) {
                        args[i] = r.toCompletionStage().toCompletableFuture().join();
                    }
                }
                if (!call.future().isDone()) {
                    router.submit(call);
                }
            });
        }
    }

    @Override
    public String toString() {
        return "DeploymentHandle(" + applicationName + "#" + deploymentName
                + (handleOptions.multiplexedModelId() == null ? "" : ", model " + handleOptions.multiplexedModelId()) + ")";
    }
}
