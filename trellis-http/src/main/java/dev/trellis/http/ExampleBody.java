package dev.trellis.http;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An example JSON request body for an ingress method, for people trying the application:
 * {@code trellis serve run} prints a {@code curl} command sending it. Without one, the example
 * is made from the method's parameter type (its JSON properties with placeholder values).
 *
 * <pre>{@code
 * @ExampleBody("{\"sepal length\": 5.1, \"sepal width\": 3.5, \"petal length\": 1.4, \"petal width\": 0.2}")
 * public EnsemblePrediction predict(IrisFeatures features) { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ExampleBody {
    /** The body, as JSON. */
    String value();
}
