package dev.trellis.models.internal.xgboost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.trellis.models.Prediction;
import dev.trellis.models.TensorSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import ml.dmlc.xgboost4j.java.Booster.PredictionType;
import org.junit.jupiter.api.Test;

/** How objectives map raw XGBoost outputs to predictions, and how the model JSON is read; no booster involved. */
class XGBoostObjectiveTest {

    @Test
    void binaryLogisticThresholdsAtOneHalf() {
        var objective = new XGBoostObjective("binary:logistic", 0, 1);

        assertThat(objective.toPrediction(new float[] {0.75f})).isEqualTo(new Prediction(1, new float[] {0.25f, 0.75f}));
        assertThat(objective.toPrediction(new float[] {0.5f}).label()).isEqualTo(1);
        assertThat(objective.toPrediction(new float[] {0.49f}).label()).isZero();
        assertThat(objective.outputs().get(1).shape()).containsExactly(-1, 2);
    }

    @Test
    void softprobTakesTheMostProbableClass() {
        var objective = new XGBoostObjective("multi:softprob", 3, 1);

        Prediction prediction = objective.toPrediction(new float[] {0.2f, 0.5f, 0.3f});

        assertThat(prediction.label()).isEqualTo(1);
        assertThat(prediction.scores()).containsExactly(0.2f, 0.5f, 0.3f);
        assertThat(objective.predictionType()).isEqualTo(PredictionType.kValue);
        assertThat(objective.outputs()).extracting(TensorSpec::name).containsExactly("label", "probabilities");
        assertThat(objective.outputs().get(1).shape()).containsExactly(-1, 3);
    }

    @Test
    void softmaxAsksForMarginsAndTurnsThemIntoProbabilities() {
        var objective = new XGBoostObjective("multi:softmax", 3, 1);

        Prediction prediction = objective.toPrediction(new float[] {0f, (float) Math.log(2), (float) Math.log(5)});

        assertThat(objective.predictionType()).isEqualTo(PredictionType.kMargin);
        assertThat(prediction.label()).isEqualTo(2);
        assertThat(prediction.scores()[0]).isCloseTo(1f / 8, within(1e-6f));
        assertThat(prediction.scores()[1]).isCloseTo(2f / 8, within(1e-6f));
        assertThat(prediction.scores()[2]).isCloseTo(5f / 8, within(1e-6f));
    }

    @Test
    void otherObjectivesGiveTheirValuesAndNoLabel() {
        var regression = new XGBoostObjective("reg:squarederror", 0, 2);

        assertThat(regression.toPrediction(new float[] {3.5f, -1f})).isEqualTo(new Prediction(-1, new float[] {3.5f, -1f}));
        assertThat(regression.isClassifier()).isFalse();
        assertThat(regression.outputs()).extracting(TensorSpec::name).containsExactly("prediction");
        assertThat(regression.outputs().getFirst().shape()).containsExactly(-1, 2);
        assertThat(new XGBoostObjective("binary:logitraw", 0, 1).isClassifier()).isFalse();
    }

    @Test
    void jsonTextIsToldFromUbjson() {
        assertThat(XGBoostModelJson.isJsonText(bytes("  {\"learner\": {}}"))).isTrue();
        assertThat(XGBoostModelJson.isJsonText(bytes("{}"))).isTrue();
        assertThat(XGBoostModelJson.isJsonText(bytes("[1, 2]"))).isTrue();
        // UBJSON: '{', then the key's length as a typed integer ('L' int64, 'i' int8...), then the key.
        assertThat(XGBoostModelJson.isJsonText(bytes("{L\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0007learner"))).isFalse();
        assertThat(XGBoostModelJson.isJsonText(bytes("{i\u0007learner"))).isFalse();
        assertThat(XGBoostModelJson.isJsonText(bytes(""))).isFalse();
    }

    @Test
    void objectiveAndClassCountAreReadFromTheModelJson() throws IOException {
        String json = """
                {"learner": {"attributes": {}, "feature_names": [],
                  "gradient_booster": {"model": {"trees": [{"left_children": [1, -1, -1]}]}},
                  "learner_model_param": {"base_score": "5E-1", "num_class": "3", "num_feature": "4", "num_target": "1"},
                  "objective": {"name": "multi:softprob", "softmax_multiclass_param": {"num_class": "3"}}},
                 "version": [3, 0, 4]}
                """;

        assertThat(XGBoostModelJson.objective(bytes(json))).isEqualTo(new XGBoostObjective("multi:softprob", 3, 1));
        assertThat(XGBoostModelJson.notAModel(bytes(json))).isEmpty();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
