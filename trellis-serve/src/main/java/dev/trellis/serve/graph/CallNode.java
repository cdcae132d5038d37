package dev.trellis.serve.graph;

import dev.trellis.serve.Application;
import dev.trellis.serve.ServeFunction;
import java.lang.reflect.Method;
import java.util.Collections;
import java.util.List;

/**
 * A call in a graph: {@code method} of the deployment {@code target} (a bound class, or a
 * function deployment) on arguments that are upstream nodes or plain values.
 */
public final class CallNode<T> extends GraphNode<T> {
    private final Application<?> target;
    private final Method method;
    private final List<Object> args;

    CallNode(Application<?> target, Method method, List<Object> args) {
        this.target = target;
        this.method = method;
        this.args = Collections.unmodifiableList(new java.util.ArrayList<>(args));
    }

    Application<?> target() {
        return target;
    }

    Method method() {
        return method;
    }

    List<Object> args() {
        return args;
    }

    boolean isFunction() {
        return target.ingress().function() != null;
    }

    @Override
    public String label() {
        String deployment = target.ingress().name();
        return target.ingress().userClass() == ServeFunction.class ? deployment : deployment + "." + method.getName();
    }
}
