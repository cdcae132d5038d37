package dev.trellis.examples.classifier;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.examples.Fixtures;
import java.util.List;

/**
 * The committed Fashion-MNIST sample ({@code fixtures/data/fashion_mnist_sample.json}: the first
 * two test images of each class, with their true labels) and what the network predicted for
 * each when it was trained ({@code models/fashion_cnn/reference.json}: labels and the ten
 * probabilities, image by image).
 */
record FashionSample(JsonNode sample, JsonNode reference) {

    static FashionSample load() {
        return new FashionSample(Fixtures.data("fashion_mnist_sample.json"), Fixtures.reference("fashion_cnn"));
    }

    int size() {
        return sample.get("images").size();
    }

    /** Image {@code i} as the classifier's HTTP body: {@code {"pixels": [784 values]}}. */
    String body(int i) {
        return "{\"pixels\": " + sample.get("images").get(i) + "}";
    }

    /** Image {@code i}'s pixels. */
    double[] pixels(int i) {
        return Fixtures.doubles(sample.get("images").get(i));
    }

    /** The true labels of the images. */
    List<Integer> trueLabels() {
        return Fixtures.ints(sample.get("labels"));
    }

    /** The labels the network predicted when it was trained. */
    List<Integer> referenceLabels() {
        return Fixtures.ints(reference.get("labels"));
    }

    /** The network's probabilities for image {@code i}, when it was trained. */
    double[] referenceScores(int i) {
        return Fixtures.doubles(reference.get("scores").get(i));
    }

    /** How many of {@code predicted} are the true labels. */
    long correct(List<Integer> predicted) {
        List<Integer> truth = trueLabels();
        long correct = 0;
        for (int i = 0; i < truth.size(); i++) {
            if (truth.get(i).equals(predicted.get(i))) {
                correct++;
            }
        }
        return correct;
    }
}
