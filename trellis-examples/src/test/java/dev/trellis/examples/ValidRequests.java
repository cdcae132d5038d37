package dev.trellis.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * One request per example route that must answer 200, and what it must answer: the README's
 * and the seeds' samples. A route of {@code examples/*.yaml} missing here fails
 * {@link BadInputFuzzTest}, so a new example gets a valid request before it is fuzzed.
 */
final class ValidRequests {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FLOWER = "{\"sepal length\": 5.1, \"sepal width\": 3.5, \"petal length\": 1.4, \"petal width\": 0.2}";
    private static final String SEED_FLOWER = "{\"sepal length\": 1.2, \"sepal width\": 1.0, \"petal length\": 1.1, \"petal width\": 0.9}";
    private static final String STRIPES = "[[0, 0, 0, 0], [255, 255, 255, 255], [0, 0, 0, 0], [255, 255, 255, 255]]";

    /**
     * A request and its answer: {@code expected} is the body's text, or JSON whose every field,
     * element and value the answer must have (numbers within 1e-4, relative).
     */
    record ValidRequest(String body, Map<String, String> headers, String expected) {
        /** Whether {@code answer} is the expected one. */
        boolean answeredBy(String answer) {
            if (answer.equals(expected)) {
                return true;
            }
            try {
                return matches(JSON.readTree(expected), JSON.readTree(answer));
            } catch (IOException e) {
                return false;
            }
        }
    }

    /** By config file, method and path. */
    private static final Map<String, ValidRequest> REQUESTS = Map.ofEntries(
            Map.entry("iris-ensemble.yaml POST /iris",
                    json(FLOWER, "{\"logistic\":\"setosa\",\"gradient_boosting\":\"setosa\"}")),
            Map.entry("iris.yaml POST /logistic", json(SEED_FLOWER, "setosa")),
            Map.entry("iris.yaml POST /svm", json(SEED_FLOWER, "versicolor")),
            Map.entry("iris.yaml POST /ensemble", json(SEED_FLOWER, "{\"logistic\":\"setosa\",\"svm\":\"versicolor\"}")),
            Map.entry("composition.yaml POST /composed", json(SEED_FLOWER, "versicolor")),
            Map.entry("composition.yaml POST /ensemble", json(SEED_FLOWER, "{\"logistic\":\"setosa\",\"svm\":\"versicolor\"}")),
            Map.entry("inference-graph.yaml POST /my-dag", json("[\"5\", [1, 2], \"sum\"]", "sum((1 * (5 + 1.5)))")),
            Map.entry("batching.yaml POST /sentiment",
                    json("{\"text\": \"I love it\"}", "{\"label\":\"positive\",\"score\":1,\"batchSize\":1}")),
            Map.entry("multiplexed.yaml POST /sentiment", new ValidRequest("{\"text\": \"a great film\"}",
                    Map.of("serve_multiplexed_model_id", "reviews-en"),
                    "{\"model\":\"reviews-en\",\"label\":\"positive\",\"score\":2}")),
            Map.entry("online-classifier.yaml POST /predict",
                    json(example("images/trouser.json"), "{\"predicted_label\":1,\"class_name\":\"Trouser\"}")),
            Map.entry("online-classifier.yaml GET /predict/labels", json("", "[\"T-shirt/top\",\"Trouser\",\"Pullover\","
                    + "\"Dress\",\"Coat\",\"Sandal\",\"Shirt\",\"Sneaker\",\"Bag\",\"Ankle boot\"]")),
            Map.entry("pipelines.yaml POST /pipelines/chain", json("{\"image\": " + STRIPES + "}",
                    "{\"model\":\"resnet18\",\"label\":\"horizontal stripes\"}")),
            Map.entry("pipelines.yaml POST /pipelines/ensemble", json("{\"image\": " + STRIPES + "}",
                    "{\"label\":\"horizontal stripes\",\"confidence\":0.982,\"needs_review\":false,"
                            + "\"models\":[\"resnet18\",\"resnet34\"]}")),
            Map.entry("pipelines.yaml POST /pipelines/select", json("{\"model\": \"accurate\", \"image\": " + STRIPES + "}",
                    "{\"model\":\"resnet34\",\"label\":\"horizontal stripes\",\"scores\":{\"horizontal stripes\":0.9993}}")),
            Map.entry("taxi-tips.yaml POST /tips", json(example("taxi-trips.json"), "[0.97883, 0.00106, 0.14943]")));

    private ValidRequests() {
    }

    /** The valid request of {@code route}, if there is one. */
    static Optional<ValidRequest> of(ExampleRoutes.Route route) {
        return Optional.ofNullable(REQUESTS.get(route.configFile() + " " + route));
    }

    private static ValidRequest json(String body, String expected) {
        return new ValidRequest(body, Map.of(), expected);
    }

    private static String example(String file) {
        try {
            return Files.readString(ExampleServer.configFile(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean matches(JsonNode expected, JsonNode actual) {
        if (expected.isNumber()) {
            return actual.isNumber() && Math.abs(expected.asDouble() - actual.asDouble())
                    <= 1e-4 * Math.max(1, Math.abs(expected.asDouble()));
        }
        if (expected.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (!actual.has(field.getKey()) || !matches(field.getValue(), actual.get(field.getKey()))) {
                    return false;
                }
            }
            return actual.isObject();
        }
        if (expected.isArray()) {
            if (!actual.isArray() || actual.size() != expected.size()) {
                return false;
            }
            for (int i = 0; i < expected.size(); i++) {
                if (!matches(expected.get(i), actual.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return expected.equals(actual);
    }
}
