package dev.trellis.http.internal.routes;

import com.fasterxml.jackson.databind.JavaType;
import dev.trellis.http.BadRequestException;
import dev.trellis.http.Request;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Produces one argument of a route method from a request. Implementations are immutable; a
 * failure to bind is a {@link BadRequestException} naming the parameter, the expected type and
 * what came.
 */
sealed interface ParameterBinder {
    /**
     * The argument for {@code request}.
     *
     * @param pathValues the route's path variables, by name, as matched
     */
    Object bind(Request request, Map<String, String> pathValues);

    /** The whole {@link Request}. */
    record WholeRequest() implements ParameterBinder {
        @Override
        public Object bind(Request request, Map<String, String> pathValues) {
            return request;
        }
    }

    /** A {@code {name}} segment of the path template, converted to {@code type}. */
    record PathValue(String name, ScalarType type) implements ParameterBinder {
        @Override
        public Object bind(Request request, Map<String, String> pathValues) {
            String text = pathValues.get(name);
            try {
                return type.parse(text);
            } catch (IllegalArgumentException e) {
                throw new BadRequestException("path parameter '" + name + "': " + e.getMessage());
            }
        }
    }

    /** How a query parameter maps to its Java parameter. */
    enum Arity {
        /** One value; required unless there is a default. */
        SINGLE,
        /** {@code Optional<X>}: empty when absent (and there is no default). */
        OPTIONAL,
        /** {@code List<X>}: every value, in order; empty when absent (and there is no default). */
        LIST
    }

    /**
     * A query parameter converted to {@code type}.
     *
     * @param defaultValue the converted default, or null when there is none
     */
    record QueryValue(String name, ScalarType type, Arity arity, Object defaultValue) implements ParameterBinder {
        /** Whether a request must carry this parameter. */
        boolean required() {
            return arity == Arity.SINGLE && defaultValue == null;
        }

        @Override
        public Object bind(Request request, Map<String, String> pathValues) {
            List<String> texts = request.query().getOrDefault(name, List.of());
            if (texts.isEmpty()) {
                return switch (arity) {
                    case SINGLE -> {
                        if (defaultValue == null) {
                            throw new BadRequestException("missing required query parameter '" + name + "' ("
                                    + type.name() + ")");
                        }
                        yield defaultValue;
                    }
                    case OPTIONAL -> Optional.ofNullable(defaultValue);
                    case LIST -> defaultValue == null ? List.of() : List.of(defaultValue);
                };
            }
            return switch (arity) {
                case SINGLE -> parse(texts.getFirst());
                case OPTIONAL -> Optional.of(parse(texts.getFirst()));
                case LIST -> {
                    var values = new ArrayList<>(texts.size());
                    for (String text : texts) {
                        values.add(parse(text));
                    }
                    yield List.copyOf(values);
                }
            };
        }

        private Object parse(String text) {
            try {
                return type.parse(text);
            } catch (IllegalArgumentException e) {
                throw new BadRequestException("query parameter '" + name + "': " + e.getMessage());
            }
        }
    }

    /**
     * The JSON body bound to {@code type} ({@code declared} as the method declares it, for the
     * OpenAPI schema); when {@code optional} (an {@code Optional<X>} parameter) an empty body
     * is {@code Optional.empty()}.
     */
    record Body(JavaType type, Type declared, boolean optional) implements ParameterBinder {
        @Override
        public Object bind(Request request, Map<String, String> pathValues) {
            return JsonBodyReader.read(request.body(), type, optional);
        }
    }
}
