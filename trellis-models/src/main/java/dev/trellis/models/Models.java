package dev.trellis.models;

import dev.trellis.models.internal.ModelRuntimes;
import dev.trellis.models.internal.ResourceCopies;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads models from files:
 * <pre>{@code
 * try (Model model = Models.load(Path.of("models/iris_logistic.onnx"))) {
 *     Prediction p = model.predict(new float[] {5.1f, 3.5f, 1.4f, 0.2f});
 * }
 * }</pre>
 * The runtime is chosen by the file name ({@code .onnx}: ONNX Runtime; {@code .json},
 * {@code .ubj}: XGBoost; Tribuo's model files) or named with {@link #load(Path, String)}.
 * Model files packaged in a jar load with {@link #loadResource(String, String)}.
 */
public final class Models {
    private Models() {
    }

    /**
     * Loads the model in {@code file}, choosing the runtime by its name.
     *
     * @throws ModelLoadException if the file is missing, no runtime reads it, or loading fails
     */
    public static Model load(Path file) {
        requireFile(file);
        return ModelRuntimes.forFile(file).load(file);
    }

    /** Loads the model in {@code file} with the runtime of {@code flavor} ({@code onnx}, {@code xgboost}, {@code tribuo}). */
    public static Model load(Path file, String flavor) {
        requireFile(file);
        return ModelRuntimes.byFlavor(flavor).load(file);
    }

    /**
     * Loads the model packaged as classpath resource {@code resource} (e.g.
     * {@code "models/iris_logistic/model.onnx"} inside an application's jar), choosing the
     * runtime by its file name. The resource is copied to a temporary file that is deleted once
     * the model is loaded. Resources come from the thread's context class loader, else the one
     * that loaded Trellis.
     *
     * @throws ModelLoadException naming the resource when it is not on the class path, or as {@link #load(Path)}
     */
    public static Model loadResource(String resource) {
        return ResourceCopies.withCopy(classLoader(), resource, Models::load);
    }

    /**
     * Like {@link #loadResource(String)}, with the runtime of {@code flavor} ({@code onnx},
     * {@code xgboost}, {@code tribuo}).
     */
    public static Model loadResource(String resource, String flavor) {
        return ResourceCopies.withCopy(classLoader(), resource, file -> load(file, flavor));
    }

    private static ClassLoader classLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : Models.class.getClassLoader();
    }

    private static void requireFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ModelLoadException("model file " + file.toAbsolutePath() + " does not exist"
                    + (Files.isDirectory(file) ? " (it is a directory)" : ""));
        }
    }
}
