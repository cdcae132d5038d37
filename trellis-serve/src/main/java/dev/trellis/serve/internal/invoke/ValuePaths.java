package dev.trellis.serve.internal.invoke;

import com.fasterxml.jackson.databind.JsonMappingException;
import java.lang.reflect.Array;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Where in an argument a binding failed, and what was found there, in words for the caller:
 * {@code [1]} or {@code items[2].price}, and {@code a string "x"}, {@code a list [1, 2]}.
 */
final class ValuePaths {
    private static final int ECHO_LIMIT = 60;

    private ValuePaths() {
    }

    /** Jackson's path as {@code [1].name}; empty at the top. */
    static String path(List<JsonMappingException.Reference> path) {
        return path.stream()
                .map(r -> r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining()).replaceFirst("^\\.", "");
    }

    /** What {@link #at} finds where a map has no such key. */
    static final Object MISSING = new Object();

    /**
     * The part of {@code value} that {@code path} leads to, as far as it can be followed (lists,
     * arrays, maps); {@link #MISSING} when a map on the way lacks the key.
     */
    static Object at(Object value, List<JsonMappingException.Reference> path) {
        Object here = value;
        for (JsonMappingException.Reference r : path) {
            if (r.getFieldName() != null && here instanceof Map<?, ?> m) {
                if (!m.containsKey(r.getFieldName())) {
                    return MISSING;
                }
                here = m.get(r.getFieldName());
            } else if (r.getIndex() >= 0 && here instanceof List<?> l && r.getIndex() < l.size()) {
                here = l.get(r.getIndex());
            } else if (r.getIndex() >= 0 && here != null && here.getClass().isArray()
                    && r.getIndex() < Array.getLength(here)) {
                here = Array.get(here, r.getIndex());
            } else {
                return here;
            }
        }
        return here;
    }

    /** What a value is, for a message: {@code null}, {@code a string "x"}, {@code a number 1.5}, {@code a list [1, 2]}. */
    static String describe(Object value) {
        return switch (value) {
            case null -> "null";
            case CharSequence s -> "a string \"" + shorten(s.toString()) + "\"";
            case Boolean b -> "a boolean " + b;
            case Number n -> "a number " + shorten(n.toString());
            case Collection<?> c -> "a list " + render(c);
            case Map<?, ?> m -> "an object " + render(m);
            default -> value.getClass().isArray() ? "an array of " + Array.getLength(value) + " "
                    + value.getClass().getComponentType().getSimpleName()
                    : "a " + value.getClass().getSimpleName();
        };
    }

    /** Lists and maps as text, cut after about {@value #ECHO_LIMIT} characters (a body may be megabytes, or deeply nested). */
    private static String render(Object value) {
        var out = new StringBuilder();
        render(value, out);
        return out.length() <= ECHO_LIMIT ? out.toString() : out.substring(0, ECHO_LIMIT) + "...";
    }

    private static void render(Object value, StringBuilder out) {
        if (out.length() > ECHO_LIMIT) {
            return;
        }
        switch (value) {
            case Collection<?> c -> {
                out.append('[');
                String separator = "";
                for (Object e : c) {
                    if (out.length() > ECHO_LIMIT) {
                        return;
                    }
                    out.append(separator);
                    render(e, out);
                    separator = ", ";
                }
                out.append(']');
            }
            case Map<?, ?> m -> {
                out.append('{');
                String separator = "";
                for (var e : m.entrySet()) {
                    if (out.length() > ECHO_LIMIT) {
                        return;
                    }
                    out.append(separator).append(e.getKey()).append('=');
                    render(e.getValue(), out);
                    separator = ", ";
                }
                out.append('}');
            }
            case CharSequence s -> out.append('"').append(shorten(s.toString())).append('"');
            case null -> out.append("null");
            default -> out.append(shorten(String.valueOf(value)));
        }
    }

    private static String shorten(String text) {
        return text.length() <= ECHO_LIMIT ? text : text.substring(0, ECHO_LIMIT) + "...";
    }
}
