package dev.trellis.models.registry;

import dev.trellis.models.ModelSignature;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One version of a registered model (MLflow's {@code ModelVersion}): an immutable copy of the
 * artifact taken when it was registered, and what the registry knows about it.
 *
 * @param name        the registered model's name
 * @param version     1, 2, 3... in the order of registration
 * @param flavor      the runtime that loads it: {@code onnx}, {@code xgboost}, {@code tribuo}
 * @param artifact    the registry's copy of the model file (absolute)
 * @param signature   its inputs and outputs, if the runtime could load it when it was registered
 * @param created     when it was registered
 * @param runId       the run that logged it, when registered from a {@code runs:/} URI
 * @param source      what it was registered from (a path or URI), as given
 * @param description free text, empty when none
 * @param tags        free key/value pairs
 * @param aliases     the aliases pointing to it now, sorted
 */
public record RegisteredModelVersion(String name, int version, String flavor, Path artifact,
                                     Optional<ModelSignature> signature, Instant created, Optional<String> runId,
                                     String source, String description, Map<String, String> tags,
                                     List<String> aliases) {

    public RegisteredModelVersion {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(flavor, "flavor");
        Objects.requireNonNull(artifact, "artifact");
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(source, "source");
        description = description == null ? "" : description;
        tags = Map.copyOf(tags);
        aliases = List.copyOf(aliases);
    }

    /** {@code models:/<name>/<version>}: the URI that always names this version. */
    public ModelUri.Version uri() {
        return ModelUri.version(name, version);
    }

    @Override
    public String toString() {
        return uri() + " (" + flavor + ", " + artifact.getFileName() + ")";
    }
}
