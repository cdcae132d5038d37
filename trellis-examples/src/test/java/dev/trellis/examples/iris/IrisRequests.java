package dev.trellis.examples.iris;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/** Iris requests built from a fixture's reference rows, in the tutorial's JSON. */
final class IrisRequests {
    private IrisRequests() {
    }

    /** A reference row (four numbers in scikit-learn's column order) as the tutorial's JSON body. */
    static String flower(JsonNode row) {
        return String.format(Locale.ROOT,
                "{\"sepal length\": %s, \"sepal width\": %s, \"petal length\": %s, \"petal width\": %s}",
                row.get(0).asText(), row.get(1).asText(), row.get(2).asText(), row.get(3).asText());
    }

    /** The class name the fixture's training library predicted for reference row {@code i}. */
    static String className(JsonNode reference, int i) {
        return reference.get("class_names").get(reference.get("labels").get(i).intValue()).asText();
    }
}
