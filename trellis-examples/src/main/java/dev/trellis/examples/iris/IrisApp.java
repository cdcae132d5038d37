package dev.trellis.examples.iris;

import dev.trellis.serve.Application;
import dev.trellis.serve.DeploymentHandle;
import dev.trellis.serve.Serve;
import dev.trellis.serve.ServeFunction;

/**
 * Seed 004, "scikit-learn and model compositions", in Trellis: two iris classifiers deployed
 * separately and an ensemble that calls both in parallel through handles. The classifiers are
 * scikit-learn's {@code LogisticRegression} and {@code GradientBoostingClassifier}, trained on
 * iris and exported to ONNX ({@link IrisModel}).
 *
 * <pre>
 *          -&gt; LogisticRegression --&gt;
 *         /                         \
 * Request                             -&gt; IrisEnsemble -&gt; {"logistic": ..., "gradient_boosting": ...}
 *         \                         /
 *          -&gt;  GradientBoosting  --&gt;
 * </pre>
 *
 * Run it with {@code ./trellis serve run examples/iris-ensemble.yaml} (which scales the models
 * separately) or {@code ./trellis serve run dev.trellis.examples.iris.IrisApp:app}.
 */
public final class IrisApp {

    /** The ensemble application; import path {@code dev.trellis.examples.iris.IrisApp:app}. */
    public static final Application<IrisEnsemble> app = Serve.deployment(IrisEnsemble.class).bind(
            Serve.deployment(IrisModel.class).withName("LogisticRegression").bind(IrisModel.LOGISTIC_REGRESSION),
            Serve.deployment(IrisModel.class).withName("GradientBoosting").bind(IrisModel.GRADIENT_BOOSTING));

    /**
     * A function deployment: the one-rule classifier every iris tutorial starts from, written as
     * a plain function. Call it with {@code handle.remote(ServeFunction::apply, features)};
     * import path {@code dev.trellis.examples.iris.IrisApp:petalRule}.
     */
    public static final Application<ServeFunction<IrisFeatures, String>> petalRule =
            Serve.function("PetalRule", IrisApp::classifyByPetals).bind();

    private IrisApp() {
    }

    static String classifyByPetals(IrisFeatures f) {
        if (f.petalLength() < 2.45) {
            return IrisSpecies.SETOSA.label();
        }
        return (f.petalWidth() < 1.75 ? IrisSpecies.VERSICOLOR : IrisSpecies.VIRGINICA).label();
    }

    /** Runs the ensemble in this JVM, asks it about the tutorial's sample flower and stops. */
    public static void main(String[] args) {
        try {
            DeploymentHandle<IrisEnsemble> ensemble = Serve.run(app, "iris", "/iris");
            var sample = new IrisFeatures(1.2, 1.0, 1.1, 0.9);
            System.out.println(ensemble.remote(IrisEnsemble::predict, sample).result());
        } finally {
            Serve.shutdown();
        }
    }
}
