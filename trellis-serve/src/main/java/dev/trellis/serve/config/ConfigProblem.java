package dev.trellis.serve.config;

import java.util.Objects;

/**
 * One thing wrong in a Serve config: where ({@code keyPath} such as
 * {@code applications[0].deployments[1].num_replicas}, empty for the file as a whole; the
 * 1-based {@code line}, 0 when unknown) and what, in a message that shows the bad value.
 */
public record ConfigProblem(String keyPath, int line, String message) {

    public ConfigProblem {
        Objects.requireNonNull(keyPath, "keyPath");
        Objects.requireNonNull(message, "message");
    }

    /** {@code keyPath (line N): message}, leaving out the parts that are unknown. */
    @Override
    public String toString() {
        String where = keyPath;
        if (line > 0) {
            where = where.isEmpty() ? "line " + line : where + " (line " + line + ")";
        }
        return where.isEmpty() ? message : where + ": " + message;
    }
}
