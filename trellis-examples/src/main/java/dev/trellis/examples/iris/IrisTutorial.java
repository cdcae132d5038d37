package dev.trellis.examples.iris;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.trellis.examples.ModelArgs;
import dev.trellis.examples.composition.EnsembleModel;
import dev.trellis.serve.Application;
import dev.trellis.serve.Serve;

/**
 * Seed 004, "Serve tutorial: scikit-learn and model compositions", as it is written: three
 * endpoints over scikit-learn models exported to ONNX ({@link IrisModel}), run together by
 * {@code ./trellis serve run examples/iris.yaml}.
 *
 * <pre>
 * /logistic  Request -&gt; LogisticRegression -&gt; "setosa"
 * /svm       Request -&gt; SVM                -&gt; "versicolor"
 *
 *                             -&gt; LogisticRegression --&gt;
 * /ensemble  Request -&gt; EnsembleModel                  {"logistic": ..., "svm": ...}
 *                             -&gt;        SVM        --&gt;
 * </pre>
 *
 * Each member is an application builder (Ray's {@code app_builder(args)}): the {@code args} of
 * the application in the config file name the model files, and are optional; without them the
 * committed fixtures are served. A location is {@code classpath:<resource>} or a file path
 * ({@link dev.trellis.examples.ModelLocations}), e.g. {@code args: {model: /srv/models/iris.onnx}}.
 * The ensemble is {@link EnsembleModel}: both models are asked before either answer is awaited.
 */
public final class IrisTutorial {

    /** The args of {@link #ensemble}: {@code {logistic_model: <location>, svm_model: <location>}}. */
    public record EnsembleArgs(@JsonProperty("logistic_model") String logisticModel,
                               @JsonProperty("svm_model") String svmModel) {
    }

    private IrisTutorial() {
    }

    /** The logistic regression alone; import path {@code dev.trellis.examples.iris.IrisTutorial:logistic}. */
    public static Application<IrisModel> logistic(ModelArgs args) {
        return model("LogisticRegression", args.modelOr(IrisModel.LOGISTIC_REGRESSION));
    }

    /** The SVM alone; import path {@code dev.trellis.examples.iris.IrisTutorial:svm}. */
    public static Application<IrisModel> svm(ModelArgs args) {
        return model("SVM", args.modelOr(IrisModel.SVM));
    }

    /** Both models behind the ensemble; import path {@code dev.trellis.examples.iris.IrisTutorial:ensemble}. */
    public static Application<EnsembleModel> ensemble(EnsembleArgs args) {
        return Serve.deployment(EnsembleModel.class).bind(
                model("LogisticRegression", orDefault(args.logisticModel(), IrisModel.LOGISTIC_REGRESSION)),
                model("SVM", orDefault(args.svmModel(), IrisModel.SVM)));
    }

    private static Application<IrisModel> model(String name, String location) {
        return Serve.deployment(IrisModel.class).withName(name).bind(location);
    }

    private static String orDefault(String location, String fixture) {
        return location == null ? fixture : location;
    }
}
