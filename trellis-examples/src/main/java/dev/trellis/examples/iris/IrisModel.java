package dev.trellis.examples.iris;

import dev.trellis.examples.ModelLocations;
import dev.trellis.http.ExampleBody;
import dev.trellis.models.Model;
import dev.trellis.models.ModelLoadException;
import dev.trellis.models.Prediction;

/**
 * A scikit-learn iris classifier exported to ONNX, served as a deployment: seed 004's
 * {@code SKLearnModel}, which loads a trained model once in its constructor and answers the
 * class name of each flower. The model comes from a location ({@link ModelLocations}): one of
 * the committed fixtures below, or a path to your own ONNX model taking a float row of the four
 * measurements (sepal length, sepal width, petal length, petal width, in centimetres) and
 * predicting scikit-learn's class index (0 setosa, 1 versicolor, 2 virginica).
 *
 * <p>The fixtures were trained with scikit-learn on 80% of iris and exported to ONNX by the
 * scripts in {@code fixtures/scripts/}. The ONNX model is safe to call from many requests at
 * once; it is closed when the replica stops.
 */
public final class IrisModel implements IrisClassifier, AutoCloseable {
    /** scikit-learn's {@code LogisticRegression}. */
    public static final String LOGISTIC_REGRESSION = ModelLocations.classpath("models/iris_logistic/model.onnx");
    /** scikit-learn's {@code LinearSVC} (a linear support vector machine, one-vs-rest). */
    public static final String SVM = ModelLocations.classpath("models/iris_svm/model.onnx");
    /** scikit-learn's {@code GradientBoostingClassifier}. */
    public static final String GRADIENT_BOOSTING = ModelLocations.classpath("models/iris_gradient_boosting/model.onnx");

    private static final int FEATURES = 4;

    private final String location;
    private final Model model;

    /**
     * Loads the ONNX model at {@code location}.
     *
     * @throws ModelLoadException if there is no model there, or it does not take the four iris measurements
     */
    public IrisModel(String location) {
        this.location = location;
        this.model = ModelLocations.load(location, "onnx");
        if (model.featureCount() != FEATURES) {
            int found = model.featureCount();
            model.close();
            throw new ModelLoadException("the model at " + location + " takes " + found
                    + " features; an iris model takes " + FEATURES + " (sepal length, sepal width, petal length, petal width)");
        }
    }

    /** The predicted class name: "setosa", "versicolor" or "virginica". */
    @Override
    @ExampleBody("{\"sepal length\": 1.2, \"sepal width\": 1.0, \"petal length\": 1.1, \"petal width\": 0.9}")
    public String predict(IrisFeatures features) {
        Prediction prediction = model.predict(features.floats());
        IrisSpecies[] species = IrisSpecies.values();
        if (prediction.label() < 0 || prediction.label() >= species.length) {
            throw new IllegalStateException("the model at " + location + " predicted class " + prediction.label()
                    + "; an iris model predicts 0 (setosa), 1 (versicolor) or 2 (virginica)");
        }
        return species[prediction.label()].label();
    }

    @Override
    public void close() {
        model.close();
    }
}
