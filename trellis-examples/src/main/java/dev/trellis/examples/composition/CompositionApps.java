package dev.trellis.examples.composition;

import dev.trellis.examples.iris.IrisModel;
import dev.trellis.serve.Application;
import dev.trellis.serve.Serve;

/**
 * Seeds 002 and 004, "model composition" and "model ensemble", in Trellis: two applications
 * built from handles, one chaining deployments and one calling them in parallel.
 *
 * <pre>
 * composed:  Request -&gt; SvmPipeline -&gt; FeatureScaler -&gt; LinearSVM -&gt; "versicolor"
 *
 *                          -&gt; LogisticRegression --------------------------&gt;
 * ensemble:  Request -&gt; EnsembleModel                                            {"logistic": ..., "svm": ...}
 *                          -&gt; SvmPipeline -&gt; FeatureScaler -&gt; LinearSVM -&gt;
 * </pre>
 *
 * The logistic regression is scikit-learn's, exported to ONNX ({@link IrisModel}); the SVM
 * pipeline's steps are fixed-coefficient stand-ins that show chaining.
 *
 * <p>Run both with {@code ./trellis serve run examples/composition.yaml}, or one with
 * {@code ./trellis serve run dev.trellis.examples.composition.CompositionApps:ensemble}.
 */
public final class CompositionApps {

    /** The chain; import path {@code dev.trellis.examples.composition.CompositionApps:composed}. */
    public static final Application<SvmPipeline> composed = svmPipeline();

    /** The ensemble; import path {@code dev.trellis.examples.composition.CompositionApps:ensemble}. */
    public static final Application<EnsembleModel> ensemble = Serve.deployment(EnsembleModel.class).bind(
            Serve.deployment(IrisModel.class).withName("LogisticRegression").bind(IrisModel.LOGISTIC_REGRESSION),
            svmPipeline());

    private CompositionApps() {
    }

    private static Application<SvmPipeline> svmPipeline() {
        return Serve.deployment(SvmPipeline.class).bind(
                Serve.deployment(FeatureScaler.class).bind(),
                Serve.deployment(LinearSvmStandIn.class).bind());
    }
}
