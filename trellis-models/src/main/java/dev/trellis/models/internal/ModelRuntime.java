package dev.trellis.models.internal;

import dev.trellis.models.Model;
import java.nio.file.Path;

/** One model runtime (ONNX Runtime, XGBoost4J, Tribuo): which files it reads and how it loads them. */
public interface ModelRuntime {

    /** MLflow's flavor name: {@code onnx}, {@code xgboost}, {@code tribuo}. */
    String flavor();

    /** Whether {@code file} looks like one of this runtime's model files (by name; the file is not read). */
    boolean recognizes(Path file);

    /**
     * Loads the model in {@code file}.
     *
     * @throws dev.trellis.models.ModelLoadException naming the file and what was wrong
     */
    Model load(Path file);
}
