package dev.trellis.http.internal.proxy;

import dev.trellis.http.BadRequestException;
import dev.trellis.http.Request;
import dev.trellis.http.Response;
import dev.trellis.http.internal.Invocation;
import dev.trellis.serve.DeploymentResponse;
import dev.trellis.serve.Multiplexing;
import dev.trellis.serve.ResultStream;
import dev.trellis.serve.internal.handle.ActorDeploymentHandle;
import dev.trellis.serve.internal.invoke.CallSignature;
import dev.trellis.serve.internal.replica.InlineCalls;
import java.lang.reflect.Method;
import java.util.Iterator;
import java.util.concurrent.RejectedExecutionException;
import java.util.stream.Stream;

/**
 * One request's call of its application's ingress deployment: bind the request to a method and
 * arguments, call it through the deployment handle (with the request's multiplexed model id,
 * from the {@value Multiplexing#MODEL_ID_HEADER} header), and turn the result or failure into the
 * answer. Methods returning a {@link ResultStream} (such as {@code StreamingResponse}), a
 * {@link Stream} or an {@link Iterator} are called as streaming calls ({@link StreamingBody}).
 *
 * <p>Threads: user code never runs on the event loop. Binding that may run user code (bodies
 * bound to user records) runs on a virtual thread, which then also runs the call itself when its
 * replica is in this JVM and admits it at once ({@code InlineCalls}); JSON encoding of user objects
 * runs on that virtual thread too, or on a new one; binding a
 * whole {@code Request} and encoding strings, bytes, numbers and {@code Response}s happen where
 * they are (event loop, or the runtime thread completing the call), as they cost next to nothing.
 */
final class IngressCall {
    private IngressCall() {
    }

    static void start(ProxyHandler handler, ProxyServices services, Exchange ex, RouteTable.Route route,
                      Request request) {
        ex.observation(ProxyObservation.start(services.tracing(), ex, route, request));
        if (!route.adapter().bindRunsUserCode()) {
            call(handler, services, ex, route, request);
            return;
        }
        try {
            services.userCode().execute(() -> call(handler, services, ex, route, request));
        } catch (RejectedExecutionException e) {
            handler.respond(ex, services.errors().toResponse(e, ex.requestId()));
        }
    }

    private static void call(ProxyHandler handler, ProxyServices services, Exchange ex, RouteTable.Route route,
                             Request request) {
        if (!ex.cancelled()) {
            ex.observation().run(() -> callIngress(handler, services, ex, route, request));
        }
    }

    /** Runs in the request's scope, so the handle call carries its id and trace on. */
    private static void callIngress(ProxyHandler handler, ProxyServices services, Exchange ex, RouteTable.Route route,
                                    Request request) {
        try {
            ActorDeploymentHandle<?> handle = handleFor(route, request);
            Invocation invocation = route.adapter().bind(request);
            if (isStreaming(invocation.method())) {
                StreamingBody.start(handler, services, ex, handle.invokeStream(invocation.method(), invocation.args()));
                return;
            }
            // On the virtual thread that bound the body, a call to a replica in this JVM runs right here
            // (InlineCalls): this thread has nothing else to do until it ends.
            Thread binding = Thread.currentThread();
            DeploymentResponse<Object> response = InlineCalls.offering(
                    () -> handle.invoke(invocation.method(), invocation.args()));
            ex.attach(response::cancel);
            response.toCompletionStage().whenComplete((value, failure) -> {
                if (failure != null) {
                    handler.respond(ex, services.errors().toResponse(failure, ex.requestId()));
                } else if (ResultEncoder.encodesWithoutUserCode(value)
                        || (binding.isVirtual() && Thread.currentThread() == binding)) {
                    // this virtual thread ran the call (or saw it end) and may run the getters too
                    handler.respond(ex, encode(value, services, ex));
                } else {
                    encodeOnVirtualThread(value, handler, services, ex);
                }
            });
        } catch (Throwable t) { // binding or routing failed: the request must still be answered
            handler.respond(ex, services.errors().toResponse(t, ex.requestId()));
        }
    }

    /**
     * The route's handle, carrying the request's multiplexed model id when it has the
     * {@value Multiplexing#MODEL_ID_HEADER} header (any case, as header names are).
     *
     * @throws BadRequestException (400) naming the header if its value is not a valid model id
     */
    static ActorDeploymentHandle<?> handleFor(RouteTable.Route route, Request request) {
        String modelId = request.header(Multiplexing.MODEL_ID_HEADER).orElse(null);
        if (modelId == null) {
            return route.handle();
        }
        try {
            return route.handle().options(o -> o.multiplexedModelId(modelId));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("header " + Multiplexing.MODEL_ID_HEADER + ": " + e.getMessage());
        }
    }

    static boolean isStreaming(Method method) {
        Class<?> type = CallSignature.rawReturnType(method);
        return ResultStream.class.isAssignableFrom(type) || Stream.class.isAssignableFrom(type)
                || Iterator.class.isAssignableFrom(type);
    }

    private static void encodeOnVirtualThread(Object value, ProxyHandler handler, ProxyServices services, Exchange ex) {
        try {
            services.userCode().execute(() -> handler.respond(ex, encode(value, services, ex)));
        } catch (RejectedExecutionException e) {
            handler.respond(ex, services.errors().toResponse(e, ex.requestId()));
        }
    }

    private static Response encode(Object value, ProxyServices services, Exchange ex) {
        try {
            return ResultEncoder.encode(value);
        } catch (RuntimeException e) {
            return services.errors().toResponse(e, ex.requestId());
        }
    }
}
