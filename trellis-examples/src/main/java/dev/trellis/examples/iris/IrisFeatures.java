package dev.trellis.examples.iris;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The four measurements of one iris flower, in centimetres, with the JSON keys of the Ray Serve
 * scikit-learn tutorial: {@code {"sepal length": 1.2, "sepal width": 1.0, "petal length": 1.1,
 * "petal width": 0.9}}.
 */
public record IrisFeatures(
        @JsonProperty("sepal length") double sepalLength,
        @JsonProperty("sepal width") double sepalWidth,
        @JsonProperty("petal length") double petalLength,
        @JsonProperty("petal width") double petalWidth) {

    /** The features in scikit-learn's column order: sepal length, sepal width, petal length, petal width. */
    public double[] vector() {
        return new double[] {sepalLength, sepalWidth, petalLength, petalWidth};
    }

    /** The features as a model's input row, in scikit-learn's column order. */
    public float[] floats() {
        return new float[] {(float) sepalLength, (float) sepalWidth, (float) petalLength, (float) petalWidth};
    }
}
