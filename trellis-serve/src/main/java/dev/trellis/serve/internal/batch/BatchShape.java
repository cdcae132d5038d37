package dev.trellis.serve.internal.batch;

import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * A checked {@code @Batch} method as its callers see it: one {@code input} per call, and one
 * {@code output} per call (or a stream of them).
 *
 * @param name     {@code Model.predict}, for messages
 * @param input    {@code I} of its {@code List<I>} parameter
 * @param output   {@code O} of its {@code List<O>} (or {@code Stream<List<O>>}, {@code Iterator<List<O>>}) result
 * @param kind     how it returns its results
 * @param defaults the options its annotation gives
 */
public record BatchShape(Method method, String name, Type input, Type output, Kind kind, BatchSettings defaults) {

    /** How a batch method returns its results. */
    public enum Kind {
        /** {@code List<O>}. */
        LIST,
        /** {@code Stream<List<O>>}. */
        STREAM,
        /** {@code Iterator<List<O>>}. */
        ITERATOR
    }

    public boolean streaming() {
        return kind != Kind.LIST;
    }

    /** What one call returns: {@code O}, or {@code Stream<O>} / {@code Iterator<O>} for a streaming batch. */
    public Type callReturnType() {
        return switch (kind) {
            case LIST -> output;
            case STREAM -> new SingleArgumentType(Stream.class, output);
            case ITERATOR -> new SingleArgumentType(Iterator.class, output);
        };
    }

    /** {@code Raw<argument>}, made at run time; equal to the JDK's own representation of the same type. */
    private record SingleArgumentType(Class<?> raw, Type argument) implements ParameterizedType {
        @Override
        public Type[] getActualTypeArguments() {
            return new Type[] {argument};
        }

        @Override
        public Type getRawType() {
            return raw;
        }

        @Override
        public Type getOwnerType() {
            return null;
        }

        @Override
        public String getTypeName() {
            return raw.getName() + "<" + argument.getTypeName() + ">";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ParameterizedType p && p.getOwnerType() == null && raw.equals(p.getRawType())
                    && Arrays.equals(getActualTypeArguments(), p.getActualTypeArguments());
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(getActualTypeArguments()) ^ Objects.hashCode(null) ^ raw.hashCode();
        }

        @Override
        public String toString() {
            return getTypeName();
        }
    }
}
