package dev.trellis.serve.config;

import com.fasterxml.jackson.core.JsonPointer;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a value sits in a config file, printed the way users read it
 * ({@code applications[0].deployments[1].num_replicas}) and convertible to the JSON pointer
 * that {@link YamlLineIndex} keys line numbers by. Segments are {@code String} keys and
 * {@code Integer} list indexes.
 */
record KeyPath(List<Object> segments) {

    static final KeyPath ROOT = new KeyPath(List.of());

    KeyPath {
        segments = List.copyOf(segments);
    }

    KeyPath key(String key) {
        return append(key);
    }

    KeyPath index(int index) {
        return append(index);
    }

    boolean isRoot() {
        return segments.isEmpty();
    }

    KeyPath parent() {
        return isRoot() ? this : new KeyPath(segments.subList(0, segments.size() - 1));
    }

    JsonPointer pointer() {
        JsonPointer pointer = JsonPointer.empty();
        for (Object segment : segments) {
            pointer = segment instanceof Integer i ? pointer.appendIndex(i) : pointer.appendProperty((String) segment);
        }
        return pointer;
    }

    @Override
    public String toString() {
        var sb = new StringBuilder();
        for (Object segment : segments) {
            if (segment instanceof Integer i) {
                sb.append('[').append(i).append(']');
            } else {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(segment);
            }
        }
        return sb.toString();
    }

    private KeyPath append(Object segment) {
        var copy = new ArrayList<>(segments);
        copy.add(segment);
        return new KeyPath(copy);
    }
}
