package dev.trellis.http.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.std.NumberDeserializers;
import com.fasterxml.jackson.databind.deser.std.PrimitiveArrayDeserializers;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;

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
        for (Class<?> type : new Class<?>[] {double.class, Double.class, float.class, Float.class}) {
            String name = type == double.class || type == Double.class ? "double" : "float";
            add(m, type, NumberDeserializers.find(type, type.getName()), (p, value) -> {
                if (Double.isInfinite(((Number) value).doubleValue()) && p.currentToken() != null
                        && p.currentToken().isNumeric()) {
                    throw InvalidFormatException.from(p, "number " + p.getText() + " is too large for " + name,
                            p.getText(), type);
                }
            });
        }
        add(m, float[].class, PrimitiveArrayDeserializers.forType(float.class), (p, value) -> {
            float[] a = (float[]) value;
            for (int i = 0; i < a.length; i++) {
                if (Float.isInfinite(a[i])) {
                    throw tooLarge(p, a, i, "float");
                }
            }
        });
        add(m, double[].class, PrimitiveArrayDeserializers.forType(double.class), (p, value) -> {
            double[] a = (double[]) value;
            for (int i = 0; i < a.length; i++) {
                if (Double.isInfinite(a[i])) {
                    throw tooLarge(p, a, i, "double");
                }
            }
        });
        return m;
    }

    private static InvalidFormatException tooLarge(JsonParser p, Object array, int index, String type) {
        var e = InvalidFormatException.from(p, "number is too large for " + type, null, array.getClass());
        e.prependPath(array, index);
        return e;
    }

    @SuppressWarnings("unchecked")
    private static void add(SimpleModule m, Class<?> type, JsonDeserializer<?> plain, Overflow overflow) {
        m.addDeserializer((Class<Object>) type, new Finite(plain, overflow));
    }

    /** Throws when a value just read (the parser still at its last token) overflowed to infinity. */
    @FunctionalInterface
    private interface Overflow {
        void check(JsonParser p, Object value) throws IOException;
    }

    /**
     * Jackson's own deserializer for the type (for arrays: straight into the primitive array, no
     * boxing), with everything else delegated to it (nulls, coercion rules), then the overflow check.
     */
    private static final class Finite extends DelegatingDeserializer {
        private final transient Overflow overflow;

        Finite(JsonDeserializer<?> plain, Overflow overflow) {
            super(plain);
            this.overflow = overflow;
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> newDelegatee) {
            return new Finite(newDelegatee, overflow);
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            Object value = super.deserialize(p, ctxt);
            if (value != null) {
                overflow.check(p, value);
            }
            return value;
        }
    }
}
