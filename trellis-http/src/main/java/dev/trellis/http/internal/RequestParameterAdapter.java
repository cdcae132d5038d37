package dev.trellis.http.internal;

import dev.trellis.http.Request;
import java.lang.reflect.Method;

/**
 * Every request goes, whole, to the ingress's one method taking a {@link Request} (Ray's
 * {@code __call__(self, request)}). Binding runs no user code, so the proxy does it on the event loop.
 */
final class RequestParameterAdapter implements IngressAdapter {
    private final Method method;

    RequestParameterAdapter(Method method) {
        this.method = method;
    }

    @Override
    public Invocation bind(Request request) {
        return new Invocation(method, new Object[] {request});
    }

    @Override
    public boolean bindRunsUserCode() {
        return false;
    }

    Method method() {
        return method;
    }

    @Override
    public String toString() {
        return "Request -> " + method.getDeclaringClass().getSimpleName() + "." + IngressAdapters.describe(method);
    }
}
