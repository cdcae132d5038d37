package dev.trellis.core.internal.runtime;

import java.lang.reflect.RecordComponent;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.Map;

/**
 * Estimates how many bytes an object holds, for the object store's budget. Exact for primitive
 * arrays, strings and byte buffers (the bulk of what ML code puts); collections, maps, records
 * and object arrays are walked a few levels deep; a {@link dev.trellis.core.Sized} value says its
 * size; anything else counts a small constant. It never
 * serializes, so in-JVM objects stay uncopied.
 */
final class SizeEstimator {
    private static final int MAX_DEPTH = 4;
    private static final int MAX_ELEMENTS = 10_000;
    private static final long OBJECT = 16;

    private SizeEstimator() {
    }

    static long estimate(Object value) {
        return estimate(value, 0);
    }

    private static long estimate(Object v, int depth) {
        if (v == null) {
            return 0;
        }
        if (v instanceof dev.trellis.core.Sized s) return Math.max(OBJECT, s.sizeBytes());
        if (v instanceof byte[] a) return OBJECT + a.length;
        if (v instanceof int[] a) return OBJECT + 4L * a.length;
        if (v instanceof long[] a) return OBJECT + 8L * a.length;
        if (v instanceof double[] a) return OBJECT + 8L * a.length;
        if (v instanceof float[] a) return OBJECT + 4L * a.length;
        if (v instanceof short[] a) return OBJECT + 2L * a.length;
        if (v instanceof char[] a) return OBJECT + 2L * a.length;
        if (v instanceof boolean[] a) return OBJECT + a.length;
        if (v instanceof String s) return OBJECT + 24 + s.length();
        if (v instanceof ByteBuffer b) return OBJECT + b.capacity();
        if (v instanceof Number || v instanceof Boolean || v instanceof Character) return OBJECT;
        if (depth >= MAX_DEPTH) return OBJECT;
        if (v instanceof Object[] a) return OBJECT + 8L * a.length + sample(java.util.Arrays.asList(a), depth);
        if (v instanceof Collection<?> c) return OBJECT + 8L * c.size() + sample(c, depth);
        if (v instanceof Map<?, ?> m) return OBJECT + 16L * m.size() + sample(m.keySet(), depth) + sample(m.values(), depth);
        if (v.getClass().isRecord()) {
            long total = OBJECT;
            for (RecordComponent c : v.getClass().getRecordComponents()) {
                try {
                    c.getAccessor().setAccessible(true);
                    total += 8 + estimate(c.getAccessor().invoke(v), depth + 1);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    total += OBJECT;
                }
            }
            return total;
        }
        return OBJECT;
    }

    /** The size of up to MAX_ELEMENTS elements, scaled to the whole collection. */
    private static long sample(Collection<?> c, int depth) {
        long total = 0;
        int seen = 0;
        for (Object e : c) {
            if (seen == MAX_ELEMENTS) {
                return total * c.size() / seen;
            }
            total += estimate(e, depth + 1);
            seen++;
        }
        return total;
    }
}
