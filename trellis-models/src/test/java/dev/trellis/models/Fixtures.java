package dev.trellis.models;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The committed model fixtures ({@code fixtures/} at the repository root, see its README):
 * found from the module directory the tests run in, whichever module that is.
 */
public final class Fixtures {
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private Fixtures() {
    }

    /** {@code fixtures/} at the repository root. */
    public static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("fixtures/models"))) {
                return dir.resolve("fixtures");
            }
        }
        throw new IllegalStateException("no fixtures/models folder above " + Path.of("").toAbsolutePath());
    }

    /** {@code fixtures/models/<name>/}. */
    public static Path dir(String name) {
        return root().resolve("models").resolve(name);
    }

    /** A fixture's model file, as its reference.json names it. */
    public static Path model(String name) {
        return dir(name).resolve(reference(name).model());
    }

    /** A fixture's reference.json, with the rows read from {@code rows_from} when it names another file. */
    public static Reference reference(String name) {
        Path file = dir(name).resolve("reference.json");
        JsonNode json = read(file);
        JsonNode rows = json.has("rows") ? json.get("rows") : read(file.resolveSibling(json.get("rows_from").asText())).get("images");
        return new Reference(json.get("model").asText(), json.get("input").get("name").asText(),
                JSON.convertValue(json.get("input").get("shape"), long[].class),
                JSON.convertValue(json.get("outputs").get("label"), String.class),
                json.get("outputs").get("scores").asText(),
                JSON.convertValue(json.get("class_names"), JSON.getTypeFactory().constructCollectionType(List.class, String.class)),
                JSON.convertValue(rows, float[][].class), JSON.convertValue(json.get("labels"), int[].class),
                JSON.convertValue(json.get("scores"), float[][].class));
    }

    /** A JSON file under {@code fixtures/}, e.g. {@code data/fashion_mnist_sample.json}. */
    public static JsonNode json(String relativePath) {
        return read(root().resolve(relativePath));
    }

    private static JsonNode read(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read fixture file " + file, e);
        }
    }

    /**
     * What the Python side computed for a fixture: the input rows and, per row, the label and the
     * scores (probabilities or decision values); {@code labelOutput} is null for a graph with
     * a scores output only.
     */
    public record Reference(String model, String inputName, long[] inputShape, String labelOutput, String scoresOutput,
            List<String> classNames, float[][] rows, int[] labels, float[][] scores) {
    }
}
