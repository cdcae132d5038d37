package dev.trellis.examples.classifier;

import dev.trellis.examples.ModelArgs;
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

    private ClassifierApp() {
    }

    /**
     * The classifier, serving the model at {@code args.model()} (a {@link dev.trellis.examples.ModelLocations
     * location}) or, by default, the committed Fashion-MNIST network; import path
     * {@code dev.trellis.examples.classifier.ClassifierApp:app}, with optional
     * {@code args: {model: <location>}}.
     */
    public static Application<ImageServiceIngress> app(ModelArgs args) {
        return Serve.deployment(ImageServiceIngress.class).bind(
                Serve.deployment(ImagePreprocessor.class).bind(),
                Serve.deployment(FashionClassifier.class).bind(args.modelOr(FashionClassifier.FASHION_CNN)));
    }
}
