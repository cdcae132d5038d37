package dev.trellis.http.internal.routes;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SequencedSet;
import java.util.regex.Pattern;

/**
 * A route's path template below the route prefix, such as {@code "/users/{user_id}/orders/{order_id}"}:
 * segments separated by '/', each either literal text or a whole-segment {@code {variable}}.
 * A variable matches one non-empty segment; a trailing '/' on the template or the path is
 * ignored. Immutable.
 */
final class PathTemplate {
    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /**
     * Orders templates so that, of two that match the same path, the more specific comes first:
     * at the first segment where they differ, a literal beats a variable. Templates that can
     * never match the same path are ordered deterministically by their text.
     */
    static final Comparator<PathTemplate> MOST_SPECIFIC_FIRST = PathTemplate::compareSpecificity;

    private final String text;
    /** Literal text per segment, or null where the segment is a variable. */
    private final String[] literals;
    /** Variable name per segment, or null where the segment is literal. */
    private final String[] variables;

    private PathTemplate(String text, String[] literals, String[] variables) {
        this.text = text;
        this.literals = literals;
        this.variables = variables;
    }

    /**
     * Parses {@code template}.
     *
     * @throws IllegalArgumentException naming the template and what is wrong with it
     */
    static PathTemplate parse(String template) {
        if (template == null || !template.startsWith("/")) {
            throw new IllegalArgumentException("path template must start with '/', was '" + template + "'");
        }
        String[] segments = segments(template);
        var literals = new String[segments.length];
        var variables = new String[segments.length];
        var seen = new LinkedHashSet<String>();
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            if (segment.isEmpty()) {
                throw new IllegalArgumentException("path template '" + template + "' has an empty segment");
            }
            if (segment.startsWith("{") && segment.endsWith("}")) {
                String name = segment.substring(1, segment.length() - 1);
                if (!VARIABLE_NAME.matcher(name).matches()) {
                    throw new IllegalArgumentException("path template '" + template + "' has an invalid variable '"
                            + segment + "': names are letters, digits and '_', not starting with a digit");
                }
                if (!seen.add(name)) {
                    throw new IllegalArgumentException("path template '" + template + "' uses variable {" + name
                            + "} twice");
                }
                variables[i] = name;
            } else if (segment.contains("{") || segment.contains("}")) {
                throw new IllegalArgumentException("path template '" + template + "' has segment '" + segment
                        + "': a variable must be a whole segment, like '/{id}'");
            } else {
                literals[i] = segment;
            }
        }
        return new PathTemplate(template, literals, variables);
    }

    /** The segments of a path: "/a/b/" and "/a/b" give [a, b]; "/" gives []. */
    static String[] segments(String path) {
        int start = path.startsWith("/") ? 1 : 0;
        int end = path.length() > start && path.endsWith("/") ? path.length() - 1 : path.length();
        return start >= end ? new String[0] : path.substring(start, end).split("/", -1);
    }

    /**
     * The variables' values if {@code pathSegments} match this template, else null. Values are
     * the segments as they are: the proxy has already decoded the path.
     */
    Map<String, String> match(String[] pathSegments) {
        if (pathSegments.length != literals.length) {
            return null;
        }
        for (int i = 0; i < literals.length; i++) {
            if (literals[i] != null ? !literals[i].equals(pathSegments[i]) : pathSegments[i].isEmpty()) {
                return null;
            }
        }
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < variables.length; i++) {
            if (variables[i] != null) {
                values.put(variables[i], pathSegments[i]);
            }
        }
        return values;
    }

    /** The variable names in order of appearance. */
    SequencedSet<String> variables() {
        var names = new LinkedHashSet<String>();
        for (String v : variables) {
            if (v != null) {
                names.add(v);
            }
        }
        return names;
    }

    /** The template without a trailing '/': "/items/{id}", or "/" for the root. */
    String path() {
        var parts = new ArrayList<String>();
        for (int i = 0; i < literals.length; i++) {
            parts.add(literals[i] != null ? literals[i] : "{" + variables[i] + "}");
        }
        return "/" + String.join("/", parts);
    }

    /** The template with variables unnamed ("/items/{}"): two templates with the same shape match the same paths. */
    String shape() {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < literals.length; i++) {
            parts.add(literals[i] != null ? literals[i] : "{}");
        }
        return "/" + String.join("/", parts);
    }

    private static int compareSpecificity(PathTemplate a, PathTemplate b) {
        int n = Math.min(a.literals.length, b.literals.length);
        for (int i = 0; i < n; i++) {
            boolean aLiteral = a.literals[i] != null;
            boolean bLiteral = b.literals[i] != null;
            if (aLiteral != bLiteral) {
                return aLiteral ? -1 : 1;
            }
            if (aLiteral && !a.literals[i].equals(b.literals[i])) {
                return a.literals[i].compareTo(b.literals[i]);
            }
        }
        return Integer.compare(a.literals.length, b.literals.length);
    }

    @Override
    public String toString() {
        return text;
    }
}
