package dev.trellis.examples.composition;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One flower's four measurements as z-scores (how many standard deviations each is from the
 * iris data set's mean), the output of {@link FeatureScaler} and the input of
 * {@link LinearSvmStandIn}.
 */
public record StandardizedFeatures(
        @JsonProperty("sepal length") double sepalLength,
        @JsonProperty("sepal width") double sepalWidth,
        @JsonProperty("petal length") double petalLength,
        @JsonProperty("petal width") double petalWidth) {

    /** The z-scores in scikit-learn's column order: sepal length, sepal width, petal length, petal width. */
    public double[] vector() {
        return new double[] {sepalLength, sepalWidth, petalLength, petalWidth};
    }
}
