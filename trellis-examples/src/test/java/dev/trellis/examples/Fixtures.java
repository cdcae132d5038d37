package dev.trellis.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The committed fixtures' reference outputs, which every test of a real model is checked
 * against: {@code models/<name>/reference.json} as packaged in this module's jar (the model's
 * reference rows, the labels and scores the training library predicted for them, its test
 * accuracy), and the Fashion-MNIST sample in the repository's {@code fixtures/data/}.
 */
public final class Fixtures {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {
    }

    /** {@code models/<name>/reference.json}, from the class path. */
    public static JsonNode reference(String name) {
        String resource = "models/" + name + "/reference.json";
        try (InputStream in = Objects.requireNonNull(Fixtures.class.getClassLoader().getResourceAsStream(resource),
                resource + " is not on the class path")) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code fixtures/data/<file>} of the repository, from this module's directory, where tests run. */
    public static JsonNode data(String file) {
        try {
            return JSON.readTree(Path.of("..", "fixtures", "data", file).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JSON array of integers as a list. */
    public static List<Integer> ints(JsonNode array) {
        var values = new ArrayList<Integer>();
        array.forEach(v -> values.add(v.intValue()));
        return values;
    }

    /** A JSON array of numbers as doubles. */
    public static double[] doubles(JsonNode array) {
        double[] values = new double[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).doubleValue();
        }
        return values;
    }
}
