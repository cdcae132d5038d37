package dev.trellis.http.internal.routes;

import dev.trellis.http.Request;
import dev.trellis.http.internal.Invocation;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;

/**
 * One annotated route: an HTTP method and path template served by a method of the ingress
 * class, with one binder per parameter. Immutable.
 *
 * @param httpMethod "GET", "POST", "PUT" or "DELETE"
 * @param summary    the annotation's summary, "" when none
 */
record Route(String httpMethod, PathTemplate template, Method method, List<ParameterBinder> binders, String summary) {
    Route {
        binders = List.copyOf(binders);
    }

    /** The call for {@code request}, whose path matched the template with {@code pathValues}. */
    Invocation bind(Request request, Map<String, String> pathValues) {
        Object[] args = new Object[binders.size()];
        for (int i = 0; i < args.length; i++) {
            args[i] = binders.get(i).bind(request, pathValues);
        }
        return new Invocation(method, args);
    }

    @Override
    public String toString() {
        return httpMethod + " " + template + " -> " + method.getDeclaringClass().getSimpleName() + "." + method.getName();
    }
}
