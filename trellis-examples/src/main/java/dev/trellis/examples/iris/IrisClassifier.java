package dev.trellis.examples.iris;

/**
 * What every iris model deployment offers: one flower in, one class name out. Composing
 * deployments hold a {@code DeploymentHandle<IrisClassifier>} and call
 * {@code handle.remote(IrisClassifier::predict, features)}, so any model implementing it can be
 * bound in: an ONNX export of a scikit-learn model ({@link IrisModel}), a pipeline of
 * deployments, or a test double.
 */
public interface IrisClassifier {

    /** The predicted class name: "setosa", "versicolor" or "virginica". */
    String predict(IrisFeatures features);
}
