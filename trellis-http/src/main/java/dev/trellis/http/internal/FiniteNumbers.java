package dev.trellis.http.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.std.NumberDeserializers;
import com.fasterxml.jackson.databind.deser.std.PrimitiveArrayDeserializers;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.util.function.ToIntFunction;

/**
 * JSON numbers too large for the {@code double} or {@code float} they are read into are refused
 * instead of becoming infinity: {@code 1e400} for a {@code double}, {@code 1e39} for a
 * {@code float} (Jackson, like Java's parsers, rounds them to infinity silently). JSON has no
 * infinity, so an infinite value can only come from such an overflow. The failure is an
 * {@link InvalidFormatException}, which body readers report as a 400 naming the field.
 */
public final class FiniteNumbers {
    private FiniteNumbers() {
    }

    /** The module for body mappers. */
    public static Module module() {
        var m = new SimpleModule("trellis-finite-numbers");
        m.addDeserializer(Double.class, new FiniteDouble(Double.class, null));
        m.addDeserializer(double.class, new FiniteDouble(Double.TYPE, 0.0));
        m.addDeserializer(Float.class, new FiniteFloat(Float.class, null));
        m.addDeserializer(float.class, new FiniteFloat(Float.TYPE, 0.0f));
        m.addDeserializer(float[].class, new FiniteArray<>(float[].class, a -> {
            for (int i = 0; i < a.length; i++) {
                if (Float.isInfinite(a[i])) {
                    return i;
                }
            }
            return -1;
        }));
        m.addDeserializer(double[].class, new FiniteArray<>(double[].class, a -> {
            for (int i = 0; i < a.length; i++) {
                if (Double.isInfinite(a[i])) {
                    return i;
                }
            }
            return -1;
        }));
        return m;
    }

    /** Fails when {@code value}, just read from the number {@code p} is at, overflowed to infinity. */
    static void check(JsonParser p, double value, Class<?> type, String typeName) throws IOException {
        if (Double.isInfinite(value) && p.currentToken() != null && p.currentToken().isNumeric()) {
            throw InvalidFormatException.from(p, "number " + p.getText() + " is too large for " + typeName,
                    p.getText(), type);
        }
    }

    /**
     * Jackson's own primitive-array reader (straight into the array, no boxing), then a scan for
     * an element that overflowed: JSON has no infinity, so an infinite element is one.
     */
    private static final class FiniteArray<A> extends StdDeserializer<A> {
        private final transient JsonDeserializer<?> plain;
        private final transient ToIntFunction<A> firstInfinite;

        FiniteArray(Class<A> type, ToIntFunction<A> firstInfinite) {
            super(type);
            this.plain = PrimitiveArrayDeserializers.forType(type.getComponentType());
            this.firstInfinite = firstInfinite;
        }

        @Override
        @SuppressWarnings("unchecked")
        public A deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            A array = (A) plain.deserialize(p, ctxt);
            int at = array == null ? -1 : firstInfinite.applyAsInt(array);
            if (at >= 0) {
                String type = handledType().getComponentType().getName();
                var e = InvalidFormatException.from(p, "number is too large for " + type, null, handledType());
                e.prependPath(array, at);
                throw e;
            }
            return array;
        }
    }

    private static final class FiniteDouble extends NumberDeserializers.DoubleDeserializer {
        FiniteDouble(Class<Double> type, Double nullValue) {
            super(type, nullValue);
        }

        @Override
        public Double deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            Double value = super.deserialize(p, ctxt);
            if (value != null) {
                check(p, value, handledType(), "double");
            }
            return value;
        }
    }

    private static final class FiniteFloat extends NumberDeserializers.FloatDeserializer {
        FiniteFloat(Class<Float> type, Float nullValue) {
            super(type, nullValue);
        }

        @Override
        public Float deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            Float value = super.deserialize(p, ctxt);
            if (value != null) {
                check(p, value, handledType(), "float");
            }
            return value;
        }
    }
}
