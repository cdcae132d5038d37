package dev.trellis.models;

import dev.trellis.models.internal.ModelRuntimes;
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

    private static void requireFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ModelLoadException("model file " + file.toAbsolutePath() + " does not exist"
                    + (Files.isDirectory(file) ? " (it is a directory)" : ""));
        }
    }
}
