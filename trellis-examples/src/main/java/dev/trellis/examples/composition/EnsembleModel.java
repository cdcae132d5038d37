package dev.trellis.examples.composition;

import dev.trellis.examples.iris.IrisClassifier;
import dev.trellis.examples.iris.IrisFeatures;
import dev.trellis.http.ExampleBody;
import dev.trellis.serve.DeploymentHandle;
import dev.trellis.serve.DeploymentResponse;

/**
 * Model ensemble (seed 002's {@code EnsembleModel}, seed 004's logistic regression and SVM):
 * asks both models about the same flower and returns both answers. Both calls are sent before
 * either result is awaited, so the models, each an independently scaled deployment, work in
 * parallel and a request takes as long as the slower model, not as long as both.
 *
 * <p>The models are any two {@link IrisClassifier} deployments; {@code POST /ensemble} with a
 * flower as JSON answers {@code {"logistic": "setosa", "svm": "versicolor"}}.
 */
public final class EnsembleModel {
    private final DeploymentHandle<IrisClassifier> logistic;
    private final DeploymentHandle<IrisClassifier> svm;

    public EnsembleModel(DeploymentHandle<IrisClassifier> logistic, DeploymentHandle<IrisClassifier> svm) {
        this.logistic = logistic;
        this.svm = svm;
    }

    @ExampleBody("{\"sepal length\": 1.2, \"sepal width\": 1.0, \"petal length\": 1.1, \"petal width\": 0.9}")
    public EnsembleAnswers predict(IrisFeatures features) {
        DeploymentResponse<String> fromLogistic = logistic.remote(IrisClassifier::predict, features);
        DeploymentResponse<String> fromSvm = svm.remote(IrisClassifier::predict, features);
        return new EnsembleAnswers(fromLogistic.result(), fromSvm.result());
    }
}
