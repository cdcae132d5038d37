package dev.trellis.models.internal.xgboost;

import dev.trellis.models.Model;
import dev.trellis.models.ModelInputException;
import dev.trellis.models.ModelSignature;
import dev.trellis.models.Prediction;
import dev.trellis.models.TensorSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * An XGBoost booster behind Trellis' {@link Model}.
 *
 * <p>Prediction uses XGBoost's in-place prediction ({@code Booster.inplace_predict}: no
 * {@code DMatrix} is built, and {@code Float.NaN} marks a missing value). XGBoost documents
 * prediction as thread-safe since 1.4, and XGBoost4J 3.4.0's {@code inplace_predict} is not
 * {@code synchronized} (its {@code DMatrix} {@code predict} is, which would serialize every
 * caller), so many threads predict at once. A read-write lock only keeps {@link #close()} from
 * freeing the booster under a running prediction: predictions share the read lock; close takes
 * the write lock, waits for them, frees the native booster once, and later predictions fail.
 *
 * <p>The native call holds its (virtual) thread's carrier for its duration; XGBoost's own
 * OpenMP threads may split a large batch further.
 */
final class XGBoostModel implements Model {
    private static final int[] ALL_TREES = {0, 0};

    private final String description;
    private final Booster booster;
    private final XGBoostObjective objective;
    private final int featureCount;
    private final List<String> featureNames;
    private final ModelSignature signature;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean closed; // guarded by lock

    XGBoostModel(String description, Booster booster, XGBoostObjective objective, int featureCount,
            List<String> featureNames) {
        this.description = description;
        this.booster = booster;
        this.objective = objective;
        this.featureCount = featureCount;
        this.featureNames = List.copyOf(featureNames);
        this.signature = new ModelSignature(
                List.of(new TensorSpec("features", "float", new long[] {-1, featureCount})), objective.outputs());
    }

    @Override
    public String flavor() {
        return XGBoostRuntime.FLAVOR;
    }

    @Override
    public ModelSignature signature() {
        return signature;
    }

    @Override
    public List<String> featureNames() {
        return featureNames;
    }

    /** The model's objective, as XGBoost names it ({@code binary:logistic}, {@code multi:softprob}...). */
    String objective() {
        return objective.name();
    }

    @Override
    public List<Prediction> predict(float[][] rows) {
        ModelInputException.requireRowLength(description, rows, featureCount);
        float[] flat = flatten(rows);
        float[][] raw;
        lock.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException(description + " is closed");
            }
            raw = booster.inplace_predict(flat, rows.length, featureCount, Float.NaN, ALL_TREES,
                    objective.predictionType(), null);
        } catch (XGBoostError e) {
            throw new IllegalStateException(description + ": prediction failed: " + XGBoostRuntime.firstLine(e), e);
        } finally {
            lock.readLock().unlock();
        }
        List<Prediction> predictions = new ArrayList<>(raw.length);
        for (float[] row : raw) {
            predictions.add(objective.toPrediction(row));
        }
        return predictions;
    }

    /** Rows into one row-major array; infinities are refused (XGBoost would take them as a huge value). */
    private float[] flatten(float[][] rows) {
        float[] flat = new float[rows.length * featureCount];
        for (int r = 0; r < rows.length; r++) {
            float[] row = rows[r];
            for (int f = 0; f < featureCount; f++) {
                if (Float.isInfinite(row[f])) {
                    throw new ModelInputException(description + ": feature " + f
                            + (featureNames.isEmpty() ? "" : " (" + featureNames.get(f) + ")")
                            + (rows.length > 1 ? " of row " + r : "") + " is " + row[f]
                            + "; XGBoost takes finite values, or NaN for a missing one");
                }
            }
            System.arraycopy(row, 0, flat, r * featureCount, featureCount);
        }
        return flat;
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                booster.dispose();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public String toString() {
        return description + " (" + objective.name() + ", " + featureCount + " features)";
    }
}
