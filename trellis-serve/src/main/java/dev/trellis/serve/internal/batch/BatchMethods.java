package dev.trellis.serve.internal.batch;

import dev.trellis.serve.Batch;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Finds and checks the {@link Batch @Batch} methods of deployment classes. The rule, also in
 * {@link Batch}'s javadoc: a public instance method taking exactly one {@code List<I>} and
 * returning {@code List<O>}, {@code Stream<List<O>>} or {@code Iterator<List<O>>}, with valid
 * option values. {@link #validate} is called when an application is planned, so a wrong shape
 * fails {@code Serve.run} with a message naming the method and the rule. Results are cached per
 * class (in a {@link ClassValue}, which does not keep class loaders alive); failures are not.
 */
public final class BatchMethods {
    static final String RULE = "a @Batch method must be a public instance method taking exactly one parameter of"
            + " type List<I> (one entry per caller) and returning List<O> (one result per input, in order), or"
            + " Stream<List<O>> or Iterator<List<O>> for a streaming batch";

    private static final ClassValue<Map<Method, BatchShape>> SHAPES = new ClassValue<>() {
        @Override
        protected Map<Method, BatchShape> computeValue(Class<?> type) {
            return declaredShapes(type);
        }
    };

    private BatchMethods() {
    }

    /** The shape of {@code method} if it is a {@code @Batch} method, else null. */
    public static BatchShape shape(Method method) {
        if (!method.isAnnotationPresent(Batch.class)) {
            return null;
        }
        return SHAPES.get(method.getDeclaringClass()).get(method);
    }

    /** Whether {@code method} is a {@code @Batch} method. */
    public static boolean isBatch(Method method) {
        return shape(method) != null;
    }

    /**
     * Checks every {@code @Batch} method of {@code cls} and its superclasses.
     *
     * @throws IllegalArgumentException naming the first method that breaks the rule, and the rule
     */
    public static List<BatchShape> validate(Class<?> cls) {
        var shapes = new ArrayList<BatchShape>();
        for (Class<?> c = cls; c != null && c != Object.class; c = c.getSuperclass()) {
            shapes.addAll(SHAPES.get(c).values());
        }
        return shapes;
    }

    /**
     * One warning per {@code @Batch} method of {@code cls} whose batches can never be full because
     * the replica runs at most {@code maxOngoingRequests} calls at once, and each item waiting
     * for a batch is one of them.
     */
    public static List<String> capacityWarnings(Class<?> cls, String deployment, int maxOngoingRequests) {
        var warnings = new ArrayList<String>();
        for (BatchShape shape : validate(cls)) {
            BatchSettings s = shape.defaults();
            long wanted = (long) s.maxBatchSize() * s.maxConcurrentBatches();
            if (wanted > maxOngoingRequests) {
                warnings.add("deployment '" + deployment + "': @Batch method " + shape.name() + " has max_batch_size="
                        + s.maxBatchSize() + (s.maxConcurrentBatches() > 1 ? " x max_concurrent_batches="
                        + s.maxConcurrentBatches() : "") + " but max_ongoing_requests=" + maxOngoingRequests
                        + "; each item waiting for a batch is a call running on the replica, so its batches will"
                        + " never hold more than " + maxOngoingRequests + " items in all. Set max_ongoing_requests"
                        + " to at least " + wanted + " to let batches fill up");
            }
        }
        return warnings;
    }

    /** {@code Model.predict}. */
    public static String name(Method method) {
        return method.getDeclaringClass().getSimpleName() + "." + method.getName();
    }

    private static Map<Method, BatchShape> declaredShapes(Class<?> cls) {
        var shapes = new LinkedHashMap<Method, BatchShape>();
        Method[] methods = cls.getDeclaredMethods();
        Arrays.sort(methods, java.util.Comparator.comparing(Method::toGenericString));
        for (Method m : methods) {
            Batch batch = m.getAnnotation(Batch.class);
            if (batch != null && !m.isBridge() && !m.isSynthetic()) {
                shapes.put(m, check(m, batch));
            }
        }
        return Map.copyOf(shapes);
    }

    private static BatchShape check(Method m, Batch batch) {
        String name = name(m);
        if (!Modifier.isPublic(m.getModifiers()) || Modifier.isStatic(m.getModifiers())) {
            throw invalid(m, "it is " + (Modifier.isStatic(m.getModifiers()) ? "static" : "not public"));
        }
        Type[] params = m.getGenericParameterTypes();
        if (params.length != 1 || raw(params[0]) != List.class) {
            throw invalid(m, "it takes (" + Arrays.stream(params).map(BatchMethods::simple)
                    .collect(Collectors.joining(", ")) + ")");
        }
        Type returned = m.getGenericReturnType();
        BatchShape.Kind kind;
        Type steps;
        if (raw(returned) == List.class) {
            kind = BatchShape.Kind.LIST;
            steps = returned;
        } else if (raw(returned) == Stream.class || raw(returned) == Iterator.class) {
            kind = raw(returned) == Stream.class ? BatchShape.Kind.STREAM : BatchShape.Kind.ITERATOR;
            steps = element(returned);
            if (raw(steps) != List.class) {
                throw invalid(m, "it returns " + simple(returned) + ", whose steps are not lists");
            }
        } else {
            throw invalid(m, "it returns " + simple(returned));
        }
        BatchSettings defaults;
        try {
            defaults = BatchSettings.of(batch);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("@Batch on " + name + ": " + e.getMessage(), e);
        }
        return new BatchShape(m, name, element(params[0]), element(steps), kind, defaults);
    }

    private static IllegalArgumentException invalid(Method m, String problem) {
        return new IllegalArgumentException("@Batch method " + m.getDeclaringClass().getName() + "." + m.getName()
                + " has the wrong shape: " + problem + "; " + RULE);
    }

    /** {@code X} of {@code List<X>}, {@code Stream<X>}...: the bound of a wildcard, Object for a raw type. */
    private static Type element(Type type) {
        if (type instanceof ParameterizedType p && p.getActualTypeArguments().length == 1) {
            Type argument = p.getActualTypeArguments()[0];
            return argument instanceof WildcardType w ? w.getUpperBounds()[0] : argument;
        }
        return Object.class;
    }

    /** The class a type erases to. */
    public static Class<?> raw(Type type) {
        return switch (type) {
            case Class<?> c -> c;
            case ParameterizedType p -> raw(p.getRawType());
            case java.lang.reflect.GenericArrayType a -> raw(a.getGenericComponentType()).arrayType();
            case java.lang.reflect.TypeVariable<?> v -> raw(v.getBounds()[0]);
            case WildcardType w -> raw(w.getUpperBounds()[0]);
            default -> Object.class;
        };
    }

    private static String simple(Type type) {
        return type.getTypeName().replaceAll("[\\w$]+\\.", "");
    }
}
