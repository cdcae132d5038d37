package dev.trellis.examples.classifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.trellis.models.ModelLoadException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The model deployment's class, called directly on the committed Fashion-MNIST sample after the
 * preprocessor: image by image it predicts what the network predicted when it was trained, with
 * the same probability, so the preprocessing matches the training.
 */
class FashionClassifierTest {
    private static final FashionSample SAMPLE = FashionSample.load();
    private static FashionClassifier model;
    private final ImagePreprocessor preprocessor = new ImagePreprocessor();

    @BeforeAll
    static void load() {
        model = new FashionClassifier(FashionClassifier.FASHION_CNN);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void everySampleImageGetsTheReferenceLabelAndProbability() {
        for (int i = 0; i < SAMPLE.size(); i++) {
            Prediction prediction = model.classify(preprocessor.normalize(new Image(SAMPLE.pixels(i))));

            int expected = SAMPLE.referenceLabels().get(i);
            assertThat(prediction.predictedLabel()).as("image " + i).isEqualTo(expected);
            assertThat(prediction.className()).as("image " + i).isEqualTo(FashionClass.values()[expected].label());
            assertThat(prediction.score()).as("image " + i).isCloseTo(SAMPLE.referenceScores(i)[expected], within(1e-4));
        }
    }

    @Test
    void itIsAsAccurateOnTheSampleAsTheReferenceSays() {
        List<Integer> predicted = new ArrayList<>();
        for (int i = 0; i < SAMPLE.size(); i++) {
            predicted.add(model.classify(preprocessor.normalize(new Image(SAMPLE.pixels(i)))).predictedLabel());
        }

        assertThat(SAMPLE.correct(predicted)).isEqualTo(SAMPLE.correct(SAMPLE.referenceLabels()));
    }

    @Test
    void labelsAreFashionMnistsInLabelOrder() {
        assertThat(model.labels()).containsExactly("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
    }

    @Test
    void aModelThatDoesNotTakeAnImageIsRefused() {
        assertThatThrownBy(() -> new FashionClassifier("classpath:models/iris_logistic/model.onnx"))
                .isInstanceOf(ModelLoadException.class)
                .hasMessage("the model at classpath:models/iris_logistic/model.onnx takes 4 values per example;"
                        + " an image classifier here takes 784 (1 x 28 x 28)");
    }

    @Test
    void aMissingModelFileFailsNamingIt() {
        assertThatThrownBy(() -> new FashionClassifier("/nonexistent/fashion.onnx"))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("/nonexistent/fashion.onnx");
    }
}
