package dev.trellis.serve.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The JSON Schema (draft 2020-12) of a Serve config, as the admin API serves it at
 * {@code GET /api/serve/schema} and editors can use it. It describes the keys and value
 * types {@link ServeConfigFile} accepts; a test keeps it in step with the reader's key lists.
 * Checks the schema cannot express (unique names and route prefixes, import paths that
 * resolve, deployment names that exist, settings that contradict each other) are the reader's.
 */
public final class ServeConfigSchema {
    static final String RESOURCE = "serve-config.schema.json";

    private ServeConfigSchema() {
    }

    /** The schema's JSON text. */
    public static String text() {
        try (InputStream in = ServeConfigSchema.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is missing from the trellis-serve jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + RESOURCE, e);
        }
    }
}
