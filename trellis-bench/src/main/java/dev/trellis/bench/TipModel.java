package dev.trellis.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.trellis.models.Model;
import dev.trellis.models.Models;
import java.nio.file.Path;

/**
 * The Trellis side of {@code trellis-bench/run peer}: the same XGBoost model and the same JSON
 * as the FastAPI peer ({@code trellis-bench/peer/xgboost_fastapi.py}), as a json_request
 * ingress: {@code POST {"features": [...]}} answered with {@code {"tip_probability": p, "tip": b}}.
 */
public final class TipModel implements AutoCloseable {
    private final Model model;

    /** The request body. */
    public record Trip(float[] features) {
    }

    /** The answer. */
    public record TipAnswer(@JsonProperty("tip_probability") double tipProbability, boolean tip) {
    }

    public TipModel(String modelFile) {
        this.model = Models.load(Path.of(modelFile), "xgboost");
    }

    public TipAnswer predict(Trip trip) {
        var prediction = model.predict(trip.features());
        return new TipAnswer(prediction.scores()[1], prediction.label() == 1);
    }

    @Override
    public void close() {
        model.close();
    }
}
