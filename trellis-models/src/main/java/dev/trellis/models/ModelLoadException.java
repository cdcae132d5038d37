package dev.trellis.models;

import dev.trellis.core.TrellisException;

/**
 * A model could not be loaded: the file is missing or unreadable, its format is not one a
 * runtime knows, a registry name, version or alias does not exist. The message names the path
 * or URI and what was wrong. Thrown from a deployment's constructor or {@code reconfigure}, it
 * shows in the deployment's status.
 */
public final class ModelLoadException extends TrellisException {
    public ModelLoadException(String message) {
        super(message);
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
