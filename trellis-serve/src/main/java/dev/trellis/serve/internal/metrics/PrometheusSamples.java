package dev.trellis.serve.internal.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The samples of a Prometheus text exposition (format 0.0.4), as {@link ServeMetrics#scrape()}
 * writes it, read back: for tests and tools that check what a scraper would see. Comment lines
 * are skipped; label values are unescaped ({@code \\}, {@code \"}, {@code \n}). Immutable.
 */
public final class PrometheusSamples {
    /** One sample line: metric name, labels, value. */
    public record Sample(String name, Map<String, String> labels, double value) {
        /** Whether every label of {@code wanted} has the given value here. */
        public boolean has(Map<String, String> wanted) {
            return wanted.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
        }
    }

    private final List<Sample> samples;

    private PrometheusSamples(List<Sample> samples) {
        this.samples = List.copyOf(samples);
    }

    /** @throws IllegalArgumentException naming the line if a sample line is malformed */
    public static PrometheusSamples parse(String text) {
        var samples = new ArrayList<Sample>();
        for (String line : text.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                samples.add(sample(line));
            }
        }
        return new PrometheusSamples(samples);
    }

    public List<Sample> samples() {
        return samples;
    }

    /** Samples named {@code name} carrying every label in {@code labels}. */
    public List<Sample> find(String name, Map<String, String> labels) {
        return samples.stream().filter(s -> s.name().equals(name) && s.has(labels)).toList();
    }

    /** The sum of the values of the samples {@link #find} finds; empty if there is none. */
    public OptionalDouble sum(String name, Map<String, String> labels) {
        List<Sample> found = find(name, labels);
        return found.isEmpty() ? OptionalDouble.empty()
                : OptionalDouble.of(found.stream().mapToDouble(Sample::value).sum());
    }

    private static Sample sample(String line) {
        int brace = line.indexOf('{');
        int space = line.indexOf(' ');
        var labels = new LinkedHashMap<String, String>();
        String name;
        String rest;
        if (brace >= 0 && (space < 0 || brace < space)) {
            name = line.substring(0, brace);
            int i = brace + 1;
            while (line.charAt(i) != '}') {
                int eq = line.indexOf("=\"", i);
                if (eq < 0) {
                    throw new IllegalArgumentException("malformed labels in sample line: " + line);
                }
                String key = line.substring(i, eq).trim();
                var value = new StringBuilder();
                int j = eq + 2;
                for (; line.charAt(j) != '"'; j++) {
                    char c = line.charAt(j);
                    if (c == '\\') {
                        char next = line.charAt(++j);
                        value.append(next == 'n' ? '\n' : next);
                    } else {
                        value.append(c);
                    }
                }
                labels.put(key, value.toString());
                i = j + 1;
                if (line.charAt(i) == ',') {
                    i++;
                }
            }
            rest = line.substring(i + 1).trim();
        } else if (space > 0) {
            name = line.substring(0, space);
            rest = line.substring(space + 1).trim();
        } else {
            throw new IllegalArgumentException("malformed sample line (no value): " + line);
        }
        String value = rest.split(" ")[0];
        try {
            return new Sample(name, Map.copyOf(labels), parseValue(value));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("malformed value '" + value + "' in sample line: " + line, e);
        }
    }

    private static double parseValue(String value) {
        return switch (value) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(value);
        };
    }
}
