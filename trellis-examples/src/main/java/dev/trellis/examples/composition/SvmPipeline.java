package dev.trellis.examples.composition;

import dev.trellis.examples.iris.IrisClassifier;
import dev.trellis.examples.iris.IrisFeatures;
import dev.trellis.http.ExampleBody;
import dev.trellis.serve.Deployment;
import dev.trellis.serve.DeploymentHandle;
import dev.trellis.serve.DeploymentResponse;

/**
 * Model composition by chaining (seed 002's {@code ComposedModel}): every flower passes through
 * the {@link FeatureScaler} deployment and then the {@link LinearSvmStandIn} deployment, like a
 * scikit-learn {@code Pipeline(StandardScaler, SVC)} whose steps scale apart. The scaler's
 * response is handed to the SVM call unresolved, so this replica waits once, for the answer,
 * and the scaled features go from the scaler to the SVM without stopping here.
 *
 * <p>It is the ingress of the {@code composed} application ({@code POST /composed} with a
 * flower as JSON answers the class name as text) and, being an {@link IrisClassifier} itself,
 * the SVM of the {@link EnsembleModel}.
 */
@Deployment(name = "SvmPipeline")
public final class SvmPipeline implements IrisClassifier {
    private final DeploymentHandle<FeatureScaler> scaler;
    private final DeploymentHandle<LinearSvmStandIn> svm;

    public SvmPipeline(DeploymentHandle<FeatureScaler> scaler, DeploymentHandle<LinearSvmStandIn> svm) {
        this.scaler = scaler;
        this.svm = svm;
    }

    @Override
    @ExampleBody("{\"sepal length\": 1.2, \"sepal width\": 1.0, \"petal length\": 1.1, \"petal width\": 0.9}")
    public String predict(IrisFeatures features) {
        DeploymentResponse<StandardizedFeatures> scaled = scaler.remote(FeatureScaler::scale, features);
        return svm.remote(LinearSvmStandIn::predict, scaled).result();
    }
}
