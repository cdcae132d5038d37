package dev.trellis.http.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.trellis.http.BadRequestException;
import dev.trellis.http.Request;
import dev.trellis.serve.internal.invoke.CallSignature;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.Set;

/**
 * Ray's {@code json_request} HTTP adapter for a driver-style ingress: the request's JSON body,
 * bound to the type of the ingress method's one parameter (generic types included; the element
 * type for a {@code @Batch} method, which gets one body per request), is its input. Only methods that carry a body (POST, PUT, PATCH) are accepted; anything else is 405.
 * A body that is empty, malformed or of the wrong shape is a 400 naming the problem.
 */
final class JsonBodyAdapter implements IngressAdapter {
    private static final Set<String> METHODS = Set.of("POST", "PUT", "PATCH");

    private final Method method;
    private final Class<?> rawType;
    private final TypeReference<Object> genericType;

    JsonBodyAdapter(Method method) {
        this.method = method;
        this.rawType = CallSignature.rawParameterTypes(method)[0];
        Type type = CallSignature.parameterTypes(method)[0];
        this.genericType = type instanceof Class<?> ? null : new TypeReference<>() {
            @Override
            public Type getType() {
                return type;
            }
        };
    }

    @Override
    public Invocation bind(Request request) {
        if (!METHODS.contains(request.method())) {
            throw new HttpError(405, request.method() + " is not allowed at " + request.routePrefix()
                    + ": this application takes its input as a JSON body (use POST)");
        }
        if (request.body().length == 0) {
            throw new BadRequestException("the request body must be JSON for " + rawType.getSimpleName()
                    + ", was empty");
        }
        Object input = genericType == null ? request.json(rawType) : request.json(genericType);
        return new Invocation(method, new Object[] {input});
    }

    Method method() {
        return method;
    }

    @Override
    public String toString() {
        return "JSON body -> " + method.getDeclaringClass().getSimpleName() + "." + IngressAdapters.describe(method);
    }
}
