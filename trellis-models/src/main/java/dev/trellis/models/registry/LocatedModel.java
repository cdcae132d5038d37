package dev.trellis.models.registry;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What a model URI names at one moment: the model file, the flavor to load it with (null: chosen
 * by the file name), the registered version (null for runs and plain files), and an identity
 * that changes exactly when a new load would give another model: the version for registered
 * models (their files never change), the path with its size and modification time otherwise.
 */
record LocatedModel(ModelUri uri, Path artifact, String flavor, RegisteredModelVersion version, String identity) {

    LocatedModel {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(artifact, "artifact");
        Objects.requireNonNull(identity, "identity");
    }

    /** For logs and messages: the URI, and the version or file it resolved to. */
    String describe() {
        String resolved = version != null ? version.uri().toString() : artifact.toString();
        return uri.toString().equals(resolved) ? resolved : uri + " (" + resolved + ")";
    }
}
