package dev.trellis.http.routes;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Serves HTTP GET requests for a path template below the application's route prefix, such as
 * {@code "/items/{id}"}, with the annotated method of the ingress class (FastAPI's
 * {@code @app.get}). Parameters are bound from {@link PathParam}s, {@link QueryParam}s, the
 * JSON body (one parameter without annotation), or the whole {@code Request}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Get {
    /** Path template relative to the route prefix; "/" by default. */
    String value() default "/";

    /** Summary shown in the OpenAPI document. */
    String summary() default "";
}
