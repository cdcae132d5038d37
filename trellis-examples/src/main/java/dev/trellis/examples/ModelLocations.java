package dev.trellis.examples;

import dev.trellis.models.Model;
import dev.trellis.models.ModelLoadException;
import dev.trellis.models.Models;
import java.nio.file.Path;

/**
 * Where the examples' models come from: a location is either {@code classpath:<resource>}, a
 * model file packaged in a jar (the examples' own models are in this module's jar under
 * {@code models/<name>/}, copied there from the repository's {@code fixtures/models/}), or a
 * plain file path, for your own model file. Every model deployment of the examples takes its
 * location as a constructor argument (the {@code args} of its application in the YAML files),
 * so pointing an example at another model is a config change.
 */
public final class ModelLocations {
    /** The prefix of a location that names a classpath resource. */
    public static final String CLASSPATH = "classpath:";

    private ModelLocations() {
    }

    /** The location of {@code resource} on the class path: {@code classpath:<resource>}. */
    public static String classpath(String resource) {
        return CLASSPATH + resource;
    }

    /**
     * Loads the model at {@code location} with the runtime of {@code flavor} ({@code onnx},
     * {@code xgboost}, ...).
     *
     * @throws ModelLoadException naming the location when there is no model there or it cannot be loaded
     */
    public static Model load(String location, String flavor) {
        if (location == null || location.isBlank()) {
            throw new ModelLoadException("a model location is required ('classpath:<resource>' or a file path), was "
                    + (location == null ? "null" : "'" + location + "'"));
        }
        if (location.startsWith(CLASSPATH)) {
            return Models.loadResource(location.substring(CLASSPATH.length()), flavor);
        }
        return Models.load(Path.of(location), flavor);
    }
}
