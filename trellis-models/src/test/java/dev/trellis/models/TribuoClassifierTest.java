package dev.trellis.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/** Tribuo: train a classifier on iris in Java, predict, save and load it back. */
class TribuoClassifierTest {
    private static float[][] trainRows;
    private static List<String> trainLabels;
    private static float[][] testRows;
    private static List<String> testLabels;
    private static TribuoClassifier model;

    @TempDir
    Path tmp;

    @BeforeAll
    static void trainOnIris() {
        FixtureFiles.Iris iris = FixtureFiles.Iris.load();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < iris.rows().length; i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(7));
        int trainCount = 105;
        trainRows = new float[trainCount][];
        trainLabels = new ArrayList<>();
        testRows = new float[order.size() - trainCount][];
        testLabels = new ArrayList<>();
        for (int k = 0; k < order.size(); k++) {
            int i = order.get(k);
            if (k < trainCount) {
                trainRows[k] = iris.rows()[i];
                trainLabels.add(iris.labels().get(i));
            } else {
                testRows[k - trainCount] = iris.rows()[i];
                testLabels.add(iris.labels().get(i));
            }
        }
        model = trainer().train(trainRows, trainLabels);
    }

    private static TribuoClassifierTrainer trainer() {
        return TribuoClassifierTrainer.builder().featureNames(FixtureFiles.Iris.FEATURE_NAMES).epochs(50).build();
    }

    @Test
    void learnsIris() {
        List<Prediction> predictions = model.predict(testRows);

        int correct = 0;
        for (int i = 0; i < testRows.length; i++) {
            correct += model.labelName(predictions.get(i)).equals(testLabels.get(i)) ? 1 : 0;
        }
        assertThat(correct / (double) testRows.length).as("held-out accuracy").isGreaterThanOrEqualTo(0.9);
    }

    @Test
    void labelsAreTheSortedClassNamesAndScoresTheirProbabilities() {
        Prediction prediction = model.predict(testRows[0]);

        assertThat(model.labels()).containsExactly("setosa", "versicolor", "virginica");
        float sum = 0;
        for (float score : prediction.scores()) {
            sum += score;
        }
        assertThat(sum).isCloseTo(1f, within(1e-5f));
        assertThat(prediction.score()).isEqualTo(max(prediction.scores()));
        assertThat(model.signature().outputs()).extracting(TensorSpec::name).containsExactly("label", "probabilities");
        assertThat(model.signature().outputs().get(1).shape()).containsExactly(-1, 3);
    }

    @Test
    void describesItsFeatures() {
        assertThat(model.flavor()).isEqualTo("tribuo");
        assertThat(model.featureCount()).isEqualTo(4);
        assertThat(model.featureNames()).isEqualTo(FixtureFiles.Iris.FEATURE_NAMES);
    }

    @Test
    void savedModelLoadsBackWithIdenticalPredictions() throws IOException {
        Path file = tmp.resolve("iris.tribuo");
        model.save(file);

        try (Model loaded = Models.load(file)) {
            assertThat(loaded).isInstanceOf(TribuoClassifier.class);
            assertThat(loaded.flavor()).isEqualTo("tribuo");
            assertThat(loaded.featureNames()).isEqualTo(FixtureFiles.Iris.FEATURE_NAMES);
            assertThat(((TribuoClassifier) loaded).labels()).isEqualTo(model.labels());
            assertThat(loaded.predict(testRows)).isEqualTo(model.predict(testRows));
        }
        // Protobuf, not Java serialization (whose stream starts with 0xACED).
        byte[] bytes = Files.readAllBytes(file);
        assertThat(bytes[0] == (byte) 0xAC && bytes[1] == (byte) 0xED).isFalse();
    }

    @Test
    void trainingIsDeterministicForASeed() {
        TribuoClassifier again = trainer().train(trainRows, trainLabels);

        assertThat(again.predict(testRows)).isEqualTo(model.predict(testRows));
    }

    @Test
    void featureNamesDefaultToTheirPositions() {
        TribuoClassifier unnamed = TribuoClassifierTrainer.builder().build().train(trainRows, trainLabels);

        assertThat(unnamed.featureNames()).containsExactly("f0", "f1", "f2", "f3");
    }

    @Test
    void wrongFeatureCountNamesExpectedAndActual() {
        assertThatThrownBy(() -> model.predict(new float[] {5.1f, 3.5f, 1.4f}))
                .isInstanceOf(ModelInputException.class)
                .hasMessageContaining("expected 4 features per row, got 3");
    }

    @Test
    void nonFiniteValueIsRefusedNamingTheFeature() {
        assertThatThrownBy(() -> model.predict(new float[][] {testRows[0], {5.1f, Float.NaN, 1.4f, 0.2f}}))
                .isInstanceOf(ModelInputException.class)
                .hasMessageContaining("feature 1 (sepal width) of row 1 is NaN");
    }

    @Test
    void concurrentPredictionsAgreeWithSequentialOnes() throws Exception {
        List<Prediction> sequential = model.predict(testRows);
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<List<Prediction>>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                futures.add(pool.submit(() -> {
                    List<Prediction> mine = new ArrayList<>();
                    for (float[] row : testRows) {
                        mine.add(model.predict(row));
                    }
                    return mine;
                }));
            }
            for (Future<List<Prediction>> future : futures) {
                assertThat(future.get()).isEqualTo(sequential);
            }
        }
    }

    @Test
    void closeIsIdempotentAndLaterPredictionsFail() {
        TribuoClassifier own = trainer().train(trainRows, trainLabels);

        own.close();
        own.close();

        assertThatThrownBy(() -> own.predict(testRows[0])).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is closed");
    }

    @Test
    void modelTrainedWithTribuoDirectlyUsesItsFeatureIdOrderUnlessNamed() {
        LabelFactory factory = new LabelFactory();
        var dataset = new MutableDataset<Label>(new SimpleDataSourceProvenance("test", factory), factory);
        String[] names = {"width", "length"};
        for (int i = 0; i < trainRows.length; i++) {
            dataset.add(new ArrayExample<>(new Label(trainLabels.get(i)), names,
                    new double[] {trainRows[i][3], trainRows[i][2]}));
        }
        org.tribuo.Model<Label> tribuo = new LogisticRegressionTrainer().train(dataset);

        assertThat(TribuoClassifier.wrap(tribuo).featureNames()).containsExactly("length", "width");
        TribuoClassifier named = TribuoClassifier.wrap(tribuo, List.of("width", "length"));
        assertThat(named.featureNames()).containsExactly("width", "length");
        assertThat(named.predict(new float[] {2.0f, 6.0f}).scores())
                .isEqualTo(TribuoClassifier.wrap(tribuo).predict(new float[] {6.0f, 2.0f}).scores());
        assertThatThrownBy(() -> TribuoClassifier.wrap(tribuo, List.of("width", "height")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'height', which the model was not trained on")
                .hasMessageContaining("[length, width]");
    }

    @Test
    void fileThatIsNotATribuoModelIsRefused() throws IOException {
        Path notAModel = Files.writeString(tmp.resolve("model.tribuo"), "definitely not protobuf");

        assertThatThrownBy(() -> Models.load(notAModel))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining(notAModel.toAbsolutePath().toString());
    }

    @Test
    void missingFileNamesThePath() {
        Path missing = tmp.resolve("iris.tribuo");

        assertThatThrownBy(() -> Models.load(missing, "tribuo"))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining(missing.toAbsolutePath().toString());
    }

    @Test
    void badTrainingInputIsNamed() {
        TribuoClassifierTrainer trainer = trainer();

        assertThatThrownBy(() -> trainer.train(trainRows, trainLabels.subList(0, 10)))
                .hasMessage("rows and labels must be as many: 105 rows, 10 labels");
        assertThatThrownBy(() -> trainer.train(new float[][] {{1, 2, 3, 4}, {1, 2, 3}}, List.of("a", "b")))
                .hasMessage("row 1 has 3 features, row 0 has 4");
        assertThatThrownBy(() -> trainer.train(new float[][] {{1, 2, 3, 4}, {1, 2, 3, 5}}, List.of("a", "a")))
                .hasMessage("a classifier needs at least two distinct labels, got [a]");
        assertThatThrownBy(() -> trainer.train(new float[][] {{1, 2, 3}, {1, 2, 4}}, List.of("a", "b")))
                .hasMessage("feature_names has 4 names, rows have 3 features");
        assertThatThrownBy(() -> TribuoClassifierTrainer.builder().epochs(0))
                .hasMessage("epochs must be >= 1, was 0");
        assertThatThrownBy(() -> TribuoClassifierTrainer.builder().learningRate(-0.5))
                .hasMessage("learning_rate must be > 0 and finite, was -0.5");
        assertThatThrownBy(() -> TribuoClassifierTrainer.builder().featureNames(List.of("a", "a")))
                .hasMessage("feature_names must be distinct, was [a, a]");
    }

    private static float max(float[] values) {
        float max = Float.NEGATIVE_INFINITY;
        for (float v : values) {
            max = Math.max(max, v);
        }
        return max;
    }
}
