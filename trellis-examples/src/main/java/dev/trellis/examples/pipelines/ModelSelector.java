package dev.trellis.examples.pipelines;

import dev.trellis.http.BadRequestException;
import dev.trellis.serve.DeploymentHandle;

/**
 * Model selection by an attribute of the input: sends the image to the model the request
 * names, {@code "fast"} or {@code "accurate"}, each its own deployment scaled on its own. Any
 * other name is a bad request (HTTP 400) naming the choices.
 */
public final class ModelSelector {
    private final DeploymentHandle<PatternModel> fast;
    private final DeploymentHandle<PatternModel> accurate;

    public ModelSelector(DeploymentHandle<PatternModel> fast, DeploymentHandle<PatternModel> accurate) {
        this.fast = fast;
        this.accurate = accurate;
    }

    public Classification classify(String model, NormalizedImage image) {
        DeploymentHandle<PatternModel> chosen = switch (model) {
            case "fast" -> fast;
            case "accurate" -> accurate;
            case null, default -> throw new BadRequestException(
                    "model must be \"fast\" or \"accurate\", was " + (model == null ? "null" : "\"" + model + "\""));
        };
        return chosen.remote(PatternModel::classify, image).result();
    }
}
