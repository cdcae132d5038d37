package dev.trellis.examples.classifier;

import dev.trellis.serve.Application;
import dev.trellis.serve.Serve;

/**
 * Seed 001, "serving an online classifier" with FastAPI, in Trellis: a preprocessor deployment
 * and a model deployment composed by an annotated-route ingress.
 *
 * <pre>
 * POST /predict -&gt; ImageServiceIngress -&gt; Preprocessor -&gt; FashionClassifier -&gt; {"class_name": "Trouser", ...}
 * </pre>
 *
 * Run it with {@code ./trellis serve run examples/online-classifier.yaml}.
 */
public final class ClassifierApp {

    /** The classifier; import path {@code dev.trellis.examples.classifier.ClassifierApp:app}. */
    public static final Application<ImageServiceIngress> app = Serve.deployment(ImageServiceIngress.class).bind(
            Serve.deployment(ImagePreprocessor.class).bind(),
            Serve.deployment(FashionClassifierStandIn.class).bind());

    private ClassifierApp() {
    }
}
