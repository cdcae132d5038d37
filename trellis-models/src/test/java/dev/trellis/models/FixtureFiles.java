package dev.trellis.models;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Files under the repository's {@code fixtures/} folder ({@link Fixtures}), and readers for their contents. */
public final class FixtureFiles {
    private FixtureFiles() {
    }

    /** {@code fixtures/<relative>} at the repository root ({@link Fixtures#root()}); it must exist. */
    public static Path fixture(String relative) {
        Path file = Fixtures.root().resolve(relative);
        if (!Files.exists(file)) {
            throw new IllegalStateException("no " + file);
        }
        return file;
    }

    /** The JSON document in {@code fixtures/<relative>}. */
    public static JsonNode json(String relative) {
        return Fixtures.json(relative);
    }

    /** A JSON array of arrays of numbers as float rows. */
    public static float[][] floatRows(JsonNode rows) {
        float[][] result = new float[rows.size()][];
        for (int r = 0; r < rows.size(); r++) {
            JsonNode row = rows.get(r);
            result[r] = new float[row.size()];
            for (int c = 0; c < row.size(); c++) {
                result[r][c] = (float) row.get(c).asDouble();
            }
        }
        return result;
    }

    /** A JSON array of strings. */
    public static List<String> strings(JsonNode array) {
        List<String> result = new ArrayList<>();
        array.forEach(n -> result.add(n.asText()));
        return result;
    }

    /** Iris from {@code fixtures/data/iris.csv} (scikit-learn's copy; see its origin note). */
    public record Iris(float[][] rows, List<String> labels) {
        public static final List<String> FEATURE_NAMES =
                List.of("sepal length", "sepal width", "petal length", "petal width");

        public static Iris load() {
            try {
                List<String> lines = Files.readAllLines(fixture("data/iris.csv"));
                String[] header = lines.getFirst().split(",");
                int count = Integer.parseInt(header[0]);
                int features = Integer.parseInt(header[1]);
                float[][] rows = new float[count][features];
                List<String> labels = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    String[] cells = lines.get(i + 1).split(",");
                    for (int f = 0; f < features; f++) {
                        rows[i][f] = Float.parseFloat(cells[f]);
                    }
                    labels.add(header[2 + Integer.parseInt(cells[features].strip())]);
                }
                return new Iris(rows, List.copyOf(labels));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
