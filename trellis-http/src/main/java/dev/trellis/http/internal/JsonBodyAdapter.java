package dev.trellis.http.internal;

import com.fasterxml.jackson.databind.JavaType;
import dev.trellis.http.Request;
import dev.trellis.http.internal.routes.JsonBodyReader;
import dev.trellis.serve.internal.invoke.CallSignature;
import java.lang.reflect.Method;
import java.util.Set;

/**
 * Ray's {@code json_request} HTTP adapter for a driver-style ingress: the request's JSON body,
 * bound to the type of the ingress method's one parameter (generic types included; the element
 * type for a {@code @Batch} method, which gets one body per request), is its input. Only methods that carry a body (POST, PUT, PATCH) are accepted; anything else is 405.
 * The body is read as strictly as an annotated route's ({@link JsonBodyReader}: duplicate keys,
 * fractions for integers, numbers too large for their type, unknown fields are refused); a body
 * that is empty, malformed or of the wrong shape is a 400 naming the problem.
 */
final class JsonBodyAdapter implements IngressAdapter {
    private static final Set<String> METHODS = Set.of("POST", "PUT", "PATCH");

    private final Method method;
    private final JavaType type;

    JsonBodyAdapter(Method method) {
        this.method = method;
        this.type = JsonBodyReader.type(CallSignature.parameterTypes(method)[0]);
    }

    @Override
    public Invocation bind(Request request) {
        if (!METHODS.contains(request.method())) {
            throw new HttpError(405, request.method() + " is not allowed at " + request.routePrefix()
                    + ": this application takes its input as a JSON body (use POST)");
        }
        return new Invocation(method, new Object[] {JsonBodyReader.read(request.body(), type, false)});
    }

    Method method() {
        return method;
    }

    @Override
    public String toString() {
        return "JSON body -> " + method.getDeclaringClass().getSimpleName() + "." + IngressAdapters.describe(method);
    }
}
