package dev.trellis.data.internal.exec;

import dev.trellis.data.Batch;
import dev.trellis.data.BatchMapper;
import java.lang.reflect.Constructor;
import java.util.List;

/**
 * One actor of a {@code mapBatches(Class)} pool: builds the user's class once (the expensive
 * state, a model, loads once per actor) and applies it to each block it is sent.
 */
public final class PoolActor {
    private final BatchMapper mapper;
    private final String name;

    /** Builds {@code className} (a {@link BatchMapper} with a public constructor taking {@code args}). */
    public PoolActor(String className, List<Object> args) throws Exception {
        ClassLoader loader = Thread.currentThread().getContextClassLoader() != null
                ? Thread.currentThread().getContextClassLoader() : PoolActor.class.getClassLoader();
        Class<?> type = Class.forName(className, false, loader);
        if (!BatchMapper.class.isAssignableFrom(type)) {
            throw new IllegalArgumentException(className + " does not implement " + BatchMapper.class.getName());
        }
        this.mapper = (BatchMapper) constructor(type, args).newInstance(args.toArray());
        this.name = type.getSimpleName();
    }

    private static Constructor<?> constructor(Class<?> type, List<Object> args) {
        for (Constructor<?> c : type.getConstructors()) {
            if (c.getParameterCount() != args.size()) {
                continue;
            }
            boolean fits = true;
            Class<?>[] params = c.getParameterTypes();
            for (int i = 0; i < params.length && fits; i++) {
                fits = args.get(i) == null ? !params[i].isPrimitive() : wrap(params[i]).isInstance(args.get(i));
            }
            if (fits) {
                return c;
            }
        }
        throw new IllegalArgumentException(type.getName() + " has no public constructor taking " + args.size()
                + " argument(s) of types " + args.stream().map(a -> a == null ? "null" : a.getClass().getSimpleName())
                .toList() + " (fnConstructorArgs)");
    }

    private static Class<?> wrap(Class<?> c) {
        if (!c.isPrimitive()) {
            return c;
        }
        return java.lang.invoke.MethodType.methodType(c).wrap().returnType();
    }

    /** Applies the mapper to {@code block} ({@code batchSize} rows per call, 0 for the whole block). */
    public Blocks apply(Batch block, int batchSize, String where) {
        try {
            return Blocks.timed(() -> {
                try {
                    return List.of(BlockRef.put(Transforms.chunked(block, batchSize, mapper)));
                } catch (Exception e) {
                    throw new DataTaskException("MapBatches(" + name + ") failed on " + where + ": " + e, e);
                }
            });
        } catch (Exception e) {
            throw new DataTaskException("MapBatches(" + name + ") failed on " + where + ": " + e, e);
        }
    }
}
