package dev.trellis.http.routes;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds a parameter to a query parameter, converted to the parameter's type. Required unless
 * the parameter is an {@code Optional}, a {@code List} (all values) or {@link #defaultValue} is set.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface QueryParam {
    /** The query parameter's name; defaults to the parameter's name. */
    String value() default "";

    /** Used when the parameter is absent; "" means none. */
    String defaultValue() default "";
}
