package dev.trellis.models;

import java.util.List;

/**
 * A loaded model, whatever trained it: ONNX Runtime, XGBoost or Tribuo behind one small
 * interface. Load one with {@link Models#load}; predict on a batch of rows; close it when the
 * replica that owns it stops (native memory is released then, not by the garbage collector).
 *
 * <p>An input row is one example's features, flattened row-major to the per-example shape of
 * {@code signature().inputs().getFirst()} (for a 1 x 28 x 28 image: 784 floats). A row of the
 * wrong length fails with {@link ModelInputException} naming the expected and actual sizes
 * (a 400 over HTTP). {@link #predict} is safe to call from many threads at once.
 */
public interface Model extends AutoCloseable {

    /** The runtime that runs it: {@code onnx}, {@code xgboost} or {@code tribuo} (MLflow's "flavor"). */
    String flavor();

    /** Its inputs and outputs, with names, element types and shapes. */
    ModelSignature signature();

    /** The length of one input row: the product of the first input's per-example dimensions. */
    default int featureCount() {
        return signature().inputs().getFirst().exampleSize();
    }

    /**
     * The names of a row's positions, in row order, when the model knows them (an XGBoost model
     * saved with feature names, a Tribuo model); empty when it does not.
     */
    default List<String> featureNames() {
        return List.of();
    }

    /**
     * One prediction per row, in order.
     *
     * @throws ModelInputException if a row has the wrong length, or a value the model cannot take
     */
    List<Prediction> predict(float[][] rows);

    /** The prediction for one row. */
    default Prediction predict(float[] row) {
        return predict(new float[][] {row}).getFirst();
    }

    /** Releases native resources; further calls fail. Idempotent. */
    @Override
    void close();
}
