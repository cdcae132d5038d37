package dev.trellis.serve.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Typed reads of a parsed YAML tree that record a {@link ConfigProblem} (key path, line, bad
 * value) instead of throwing, so that one pass finds every problem in a file. Each read returns
 * {@code null} when the value is absent, YAML {@code null}, or wrong. Single-threaded.
 */
final class ConfigNodes {
    private final YamlLineIndex lines;
    private final List<ConfigProblem> problems = new ArrayList<>();

    ConfigNodes(YamlLineIndex lines) {
        this.lines = lines;
    }

    List<ConfigProblem> problems() {
        return problems;
    }

    void problem(KeyPath path, String message) {
        problems.add(new ConfigProblem(path.toString(), lines.lineOf(path), message));
    }

    /** {@code node} as a mapping whose keys are all in {@code supportedKeys}; unknown keys are problems. */
    ObjectNode mapping(JsonNode node, KeyPath path, List<String> supportedKeys) {
        if (!(node instanceof ObjectNode object)) {
            problem(path, "must be a mapping with keys " + String.join(", ", supportedKeys) + ", was " + show(node));
            return null;
        }
        object.fieldNames().forEachRemaining(key -> {
            if (!supportedKeys.contains(key)) {
                problem(path.key(key), "unknown key '" + key + "'; supported keys here: "
                        + String.join(", ", supportedKeys));
            }
        });
        return object;
    }

    /** {@code node} as a list; an absent or null node is an empty list. */
    ArrayNode list(JsonNode node, KeyPath path) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!(node instanceof ArrayNode array)) {
            problem(path, "must be a list, was " + show(node));
            return null;
        }
        return array;
    }

    String string(ObjectNode parent, KeyPath parentPath, String key, boolean required) {
        JsonNode node = present(parent, parentPath, key, required);
        if (node == null) {
            return null;
        }
        if (!node.isTextual() || node.textValue().isBlank()) {
            problem(parentPath.key(key), "must be a non-blank string, was " + show(node));
            return null;
        }
        return node.textValue();
    }

    Integer integer(ObjectNode parent, KeyPath parentPath, String key) {
        JsonNode node = present(parent, parentPath, key, false);
        if (node == null) {
            return null;
        }
        if (!node.isIntegralNumber()) {
            problem(parentPath.key(key), "must be an integer, was " + show(node));
            return null;
        }
        if (!node.canConvertToInt()) {
            problem(parentPath.key(key), "is out of range, was " + show(node));
            return null;
        }
        return node.intValue();
    }

    /** A finite number (integers and fractions alike). */
    Double number(ObjectNode parent, KeyPath parentPath, String key) {
        return number(parent.get(key), parentPath.key(key));
    }

    Double number(JsonNode node, KeyPath path) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isNumber() || !Double.isFinite(node.doubleValue())) {
            problem(path, "must be a number, was " + show(node));
            return null;
        }
        return node.doubleValue();
    }

    /** A number of seconds, fractions allowed ({@code health_check_period_s: 0.5}). */
    Duration seconds(ObjectNode parent, KeyPath parentPath, String key) {
        Double seconds = number(parent, parentPath, key);
        return seconds == null ? null : Duration.ofNanos(Math.round(seconds * 1e9));
    }

    private JsonNode present(ObjectNode parent, KeyPath parentPath, String key, boolean required) {
        JsonNode node = parent.get(key);
        if (node == null || node.isNull()) {
            if (required) {
                problem(parentPath.key(key), "is required");
            }
            return null;
        }
        return node;
    }

    /** A value as it would be written in JSON ({@code "lots"}, {@code 0}, {@code {"a":1}}), shortened. */
    static String show(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        return ImportPaths.abbreviate(node.toString());
    }
}
