package dev.trellis.http.internal;

import dev.trellis.http.Request;
import dev.trellis.http.internal.routes.AnnotatedRoutes;
import dev.trellis.serve.Multiplexed;
import dev.trellis.serve.internal.invoke.CallSignature;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Chooses how HTTP requests reach an ingress class, in this order:
 * <ol>
 *   <li>methods annotated with {@code @Get}/{@code @Post}/... : {@link AnnotatedRoutes}, the
 *       FastAPI-style ingress;</li>
 *   <li>exactly one public method taking a {@link Request}: it receives every request, as Ray's
 *       {@code __call__(self, request)} does;</li>
 *   <li>exactly one public method taking one parameter of another type: the JSON body is bound to
 *       that type and passed to it (Ray's {@code json_request} HTTP adapter for driver ingresses).</li>
 * </ol>
 * Lifecycle methods ({@code reconfigure}, {@code checkHealth}, {@code close}),
 * {@code @Multiplexed} model loaders and {@code equals} never count. Adapters are cached per class (in a {@link ClassValue}, which does
 * not keep the class loader alive); failures are not cached.
 */
public final class IngressAdapters {
    private static final Set<String> NOT_ENTRY_POINTS = Set.of("reconfigure", "checkHealth", "close", "equals");

    private static final ClassValue<IngressAdapter> CACHE = new ClassValue<>() {
        @Override
        protected IngressAdapter computeValue(Class<?> type) {
            return create(type);
        }
    };

    private IngressAdapters() {
    }

    /**
     * The adapter for {@code ingressClass}.
     *
     * @throws IllegalArgumentException naming the class and what it must have when it has no HTTP entry
     */
    public static IngressAdapter forClass(Class<?> ingressClass) {
        return CACHE.get(ingressClass);
    }

    private static IngressAdapter create(Class<?> cls) {
        if (AnnotatedRoutes.hasRoutes(cls)) {
            return new AnnotatedRoutes(cls);
        }
        List<Method> candidates = Arrays.stream(cls.getMethods())
                .filter(m -> !Modifier.isStatic(m.getModifiers()) && !m.isBridge() && !m.isSynthetic())
                .filter(m -> m.getDeclaringClass() != Object.class && !NOT_ENTRY_POINTS.contains(m.getName()))
                .filter(m -> !m.isAnnotationPresent(Multiplexed.class)) // a model loader, never an entry point
                .filter(m -> m.getParameterCount() == 1)
                .toList();
        List<Method> takingRequest = candidates.stream()
                .filter(m -> CallSignature.rawParameterTypes(m)[0] == Request.class).toList();
        if (takingRequest.size() == 1) {
            return new RequestParameterAdapter(takingRequest.getFirst());
        }
        if (takingRequest.isEmpty() && candidates.size() == 1) {
            return new JsonBodyAdapter(candidates.getFirst());
        }
        String found = (takingRequest.isEmpty() ? candidates : takingRequest).stream()
                .map(IngressAdapters::describe).sorted().collect(Collectors.joining(", "));
        throw new IllegalArgumentException("ingress class " + cls.getName() + " cannot serve HTTP requests: it needs"
                + " methods annotated with @Get/@Post/@Put/@Delete, or exactly one public method taking a"
                + " dev.trellis.http.Request, or exactly one public method with one parameter (bound to the JSON"
                + " body); " + (found.isEmpty() ? "it has none" : "found " + found));
    }

    static String describe(Method m) {
        return m.getName() + "(" + Arrays.stream(CallSignature.rawParameterTypes(m)).map(Class::getSimpleName)
                .collect(Collectors.joining(", ")) + ")";
    }
}
