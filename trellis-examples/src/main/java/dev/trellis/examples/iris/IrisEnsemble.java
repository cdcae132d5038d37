package dev.trellis.examples.iris;

import dev.trellis.http.ExampleBody;
import dev.trellis.serve.DeploymentHandle;
import dev.trellis.serve.DeploymentResponse;

/**
 * The ingress of the iris application: asks both models about the same flower and returns both
 * answers. The two calls are sent before either result is awaited, so the models, each an
 * independently scaled deployment, work in parallel; one request to the ensemble never goes
 * back through HTTP to reach them. The models are any two {@link IrisClassifier} deployments;
 * {@link IrisApp#app} binds scikit-learn's logistic regression and gradient boosting, exported to
 * ONNX ({@link IrisModel}).
 *
 * <p>Over HTTP (Ray's {@code json_request} adapter: {@code predict} takes one parameter), the
 * request's JSON body is the flower: {@code POST /iris} with
 * {@code {"sepal length": 5.1, "sepal width": 3.5, "petal length": 1.4, "petal width": 0.2}}.
 */
public final class IrisEnsemble {
    private final DeploymentHandle<IrisClassifier> logistic;
    private final DeploymentHandle<IrisClassifier> gradientBoosting;

    public IrisEnsemble(DeploymentHandle<IrisClassifier> logistic, DeploymentHandle<IrisClassifier> gradientBoosting) {
        this.logistic = logistic;
        this.gradientBoosting = gradientBoosting;
    }

    @ExampleBody("{\"sepal length\": 5.1, \"sepal width\": 3.5, \"petal length\": 1.4, \"petal width\": 0.2}")
    public EnsemblePrediction predict(IrisFeatures features) {
        DeploymentResponse<String> fromLogistic = logistic.remote(IrisClassifier::predict, features);
        DeploymentResponse<String> fromBoosting = gradientBoosting.remote(IrisClassifier::predict, features);
        return new EnsemblePrediction(fromLogistic.result(), fromBoosting.result());
    }
}
