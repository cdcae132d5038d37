package dev.trellis.models.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.trellis.models.Fixtures;
import dev.trellis.models.Model;
import dev.trellis.models.Models;
import dev.trellis.models.Prediction;
import dev.trellis.models.TensorSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every ONNX fixture, loaded through {@link Models#load}, predicts what Python computed for it. */
class OnnxFixturesTest {
    private static final float SCORE_TOLERANCE = 1e-4f;

    @ParameterizedTest
    @ValueSource(strings = {"iris_logistic", "iris_gradient_boosting", "iris_svm", "fashion_cnn"})
    void predictionsMatchTheReferenceOutputs(String fixture) {
        var reference = Fixtures.reference(fixture);
        try (Model model = Models.load(Fixtures.model(fixture))) {
            assertThat(model.flavor()).isEqualTo("onnx");
            List<Prediction> predictions = model.predict(reference.rows());

            assertThat(predictions).hasSize(reference.rows().length);
            for (int i = 0; i < predictions.size(); i++) {
                Prediction prediction = predictions.get(i);
                assertThat(prediction.label()).as("%s row %d label", fixture, i).isEqualTo(reference.labels()[i]);
                assertThat(prediction.scores()).as("%s row %d scores", fixture, i)
                        .containsExactly(reference.scores()[i], within(SCORE_TOLERANCE));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"iris_logistic", "iris_gradient_boosting", "iris_svm", "fashion_cnn"})
    void oneRowAtATimeGivesTheSamePredictionsAsTheBatch(String fixture) {
        var reference = Fixtures.reference(fixture);
        try (Model model = Models.load(Fixtures.model(fixture))) {
            var oneByOne = new ArrayList<Prediction>();
            for (float[] row : reference.rows()) {
                oneByOne.add(model.predict(row));
            }
            List<Prediction> batch = model.predict(reference.rows());
            for (int i = 0; i < batch.size(); i++) {
                assertThat(oneByOne.get(i).label()).isEqualTo(batch.get(i).label());
                assertThat(oneByOne.get(i).scores()).containsExactly(batch.get(i).scores(), within(1e-6f));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"iris_logistic", "iris_gradient_boosting", "iris_svm", "fashion_cnn"})
    void signatureNamesTheGraphsInputAndOutputs(String fixture) {
        var reference = Fixtures.reference(fixture);
        try (Model model = Models.load(Fixtures.model(fixture))) {
            TensorSpec input = model.signature().inputs().getFirst();
            assertThat(model.signature().inputs()).hasSize(1);
            assertThat(input.name()).isEqualTo(reference.inputName());
            assertThat(input.elementType()).isEqualTo("float");
            assertThat(input.shape()).containsExactly(reference.inputShape());
            assertThat(model.featureCount()).isEqualTo(reference.rows()[0].length);

            int classes = reference.classNames().size();
            var outputs = model.signature().outputs();
            if (reference.labelOutput() != null) {
                assertThat(outputs).contains(new TensorSpec(reference.labelOutput(), "int64", new long[] {-1}));
            }
            assertThat(outputs).contains(new TensorSpec(reference.scoresOutput(), "float", new long[] {-1, classes}));
        }
    }

    @org.junit.jupiter.api.Test
    void fashionCnnIsRightOnMostOfTheSampleImages() {
        var sample = Fixtures.json("data/fashion_mnist_sample.json");
        var reference = Fixtures.reference("fashion_cnn");
        try (Model model = Models.load(Fixtures.model("fashion_cnn"))) {
            List<Prediction> predictions = model.predict(reference.rows());
            int right = 0;
            for (int i = 0; i < predictions.size(); i++) {
                right += predictions.get(i).label() == sample.get("labels").get(i).asInt() ? 1 : 0;
            }
            assertThat(right).as("sample images classified right").isGreaterThanOrEqualTo(14);
        }
    }
}
