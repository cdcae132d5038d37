package dev.trellis.examples.iris;

import static dev.trellis.examples.InputChecks.requireBetween;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The four measurements of one iris flower, in centimetres, with the JSON keys of the Ray Serve
 * scikit-learn tutorial: {@code {"sepal length": 1.2, "sepal width": 1.0, "petal length": 1.1,
 * "petal width": 0.9}}.
 *
 * <p>Each measurement must be a finite number from 0 to {@value #MAX_CENTIMETRES} cm. The
 * largest irises measure about 8 cm (sepal length), and the tutorial's own sample flower lies
 * outside the data set's ranges, so the bounds refuse only what no flower measures: a negative
 * length, NaN, Infinity (which is also what a JSON number too large for a double becomes), a
 * metre-long petal. A flower outside them is an {@link dev.trellis.serve.InvalidInputException}
 * naming the measurement, answered 400 over HTTP.
 */
public record IrisFeatures(
        @JsonProperty("sepal length") double sepalLength,
        @JsonProperty("sepal width") double sepalWidth,
        @JsonProperty("petal length") double petalLength,
        @JsonProperty("petal width") double petalWidth) {

    /** The largest measurement accepted, in centimetres. */
    public static final double MAX_CENTIMETRES = 30;

    public IrisFeatures {
        requireBetween("sepal length", sepalLength, 0, MAX_CENTIMETRES);
        requireBetween("sepal width", sepalWidth, 0, MAX_CENTIMETRES);
        requireBetween("petal length", petalLength, 0, MAX_CENTIMETRES);
        requireBetween("petal width", petalWidth, 0, MAX_CENTIMETRES);
    }

    /** The features in scikit-learn's column order: sepal length, sepal width, petal length, petal width. */
    public double[] vector() {
        return new double[] {sepalLength, sepalWidth, petalLength, petalWidth};
    }

    /** The features as a model's input row, in scikit-learn's column order. */
    public float[] floats() {
        return new float[] {(float) sepalLength, (float) sepalWidth, (float) petalLength, (float) petalWidth};
    }
}
