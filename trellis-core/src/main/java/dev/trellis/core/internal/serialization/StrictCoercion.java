package dev.trellis.core.internal.serialization;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.cfg.MapperBuilder;
import com.fasterxml.jackson.databind.type.LogicalType;

/**
 * The one set of rules for turning a value into a declared Java type, shared by everything that
 * binds call arguments: the message serializer (a call that crossed a node boundary) and the
 * replica's argument binder (a call that did not). Both decide alike, so a call is accepted or
 * refused the same way whether or not it went through bytes.
 *
 * <p>The rules are Java's, not JavaScript's: a number is no string and a string no number
 * ({@code 5} for a {@code String} parameter, {@code "5"} for an {@code int}), a fraction is no
 * integer ({@code 1.5} for an {@code int}), a number is no boolean, and {@code null} is no
 * primitive. Integers widen ({@code int} to {@code long} or {@code double}) and a number too
 * large for its type is refused, as Jackson always does.
 */
public final class StrictCoercion {
    private StrictCoercion() {
    }

    /** Applies the rules to {@code builder} and returns it. */
    public static <B extends MapperBuilder<?, B>> B apply(B builder) {
        builder.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS);
        builder.withCoercionConfig(LogicalType.Textual, c -> c
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
        builder.withCoercionConfig(LogicalType.Integer, c -> c
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail));
        builder.withCoercionConfig(LogicalType.Float, c -> c
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail));
        builder.withCoercionConfig(LogicalType.Boolean, c -> c
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail));
        return builder;
    }
}
