package dev.trellis.examples.iris;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.examples.Fixtures;
import dev.trellis.models.ModelLoadException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The iris model deployment's class, called directly: each committed ONNX model names the class
 * scikit-learn predicted for every reference row of its fixture, so the export, the runtime and
 * the label mapping agree with the model as trained.
 */
class IrisModelTest {
    private static final IrisFeatures SEED_SAMPLE = new IrisFeatures(1.2, 1.0, 1.1, 0.9);

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "iris_logistic, classpath:models/iris_logistic/model.onnx",
            "iris_svm, classpath:models/iris_svm/model.onnx",
            "iris_gradient_boosting, classpath:models/iris_gradient_boosting/model.onnx"})
    void predictsTheClassScikitLearnPredictedForEveryReferenceRow(String fixture, String location) {
        JsonNode reference = Fixtures.reference(fixture);
        try (var model = new IrisModel(location)) {
            List<String> predicted = new ArrayList<>();
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < reference.get("rows").size(); i++) {
                double[] row = Fixtures.doubles(reference.get("rows").get(i));
                predicted.add(model.predict(new IrisFeatures(row[0], row[1], row[2], row[3])));
                expected.add(reference.get("class_names").get(reference.get("labels").get(i).intValue()).asText());
            }
            assertThat(predicted).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void theFixtureLocationsAreTheOnesTheTestsCheck() {
        assertThat(IrisModel.LOGISTIC_REGRESSION).isEqualTo("classpath:models/iris_logistic/model.onnx");
        assertThat(IrisModel.SVM).isEqualTo("classpath:models/iris_svm/model.onnx");
        assertThat(IrisModel.GRADIENT_BOOSTING).isEqualTo("classpath:models/iris_gradient_boosting/model.onnx");
    }

    @Test
    void likeTheTutorialsModelsLogisticRegressionAndSvmDisagreeOnItsOddSample() {
        try (var logistic = new IrisModel(IrisModel.LOGISTIC_REGRESSION); var svm = new IrisModel(IrisModel.SVM)) {
            assertThat(logistic.predict(SEED_SAMPLE)).isEqualTo("setosa");
            assertThat(svm.predict(SEED_SAMPLE)).isEqualTo("versicolor");
        }
    }

    @Test
    void aModelFilePathLoadsTheSameModel() {
        try (var fromFile = new IrisModel(Path.of("..", "fixtures", "models", "iris_logistic", "model.onnx").toString())) {
            assertThat(fromFile.predict(SEED_SAMPLE)).isEqualTo("setosa");
        }
    }

    @Test
    void aMissingModelResourceFailsNamingIt() {
        assertThatThrownBy(() -> new IrisModel("classpath:models/iris_tree/model.onnx"))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("models/iris_tree/model.onnx");
    }

    @Test
    void aModelThatDoesNotTakeFourMeasurementsIsRefused() {
        assertThatThrownBy(() -> new IrisModel("classpath:models/fashion_cnn/model.onnx"))
                .isInstanceOf(ModelLoadException.class)
                .hasMessage("the model at classpath:models/fashion_cnn/model.onnx takes 784 features; an iris model"
                        + " takes 4 (sepal length, sepal width, petal length, petal width)");
    }

    @Test
    void thePetalRuleFunctionIsAccurateOnIris() {
        assertThat(IrisDataSet.accuracy(IrisApp::classifyByPetals)).isGreaterThanOrEqualTo(0.95);
    }
}
