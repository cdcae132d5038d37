package dev.trellis.cli;

import dev.trellis.models.Model;
import dev.trellis.models.ModelInputException;
import dev.trellis.models.ModelLoadException;
import dev.trellis.models.ModelSignature;
import dev.trellis.models.Prediction;
import dev.trellis.models.TensorSpec;
import dev.trellis.models.internal.ModelRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A model runtime for the CLI's tests, found through {@code ServiceLoader}: flavor {@code fake},
 * files named {@code *.fake} holding the weights as numbers; its model predicts their weighted
 * sum. A file that does not hold numbers fails to load.
 */
public final class FakeModelRuntime implements ModelRuntime {
    @Override
    public String flavor() {
        return "fake";
    }

    @Override
    public boolean recognizes(Path file) {
        return file.getFileName().toString().endsWith(".fake");
    }

    @Override
    public Model load(Path file) {
        float[] weights;
        try {
            String[] tokens = Files.readString(file).trim().split("\\s+");
            weights = new float[tokens.length];
            for (int i = 0; i < tokens.length; i++) {
                weights[i] = Float.parseFloat(tokens[i]);
            }
        } catch (IOException | NumberFormatException e) {
            throw new ModelLoadException("fake model file " + file + " is unreadable: " + e.getMessage(), e);
        }
        return new Model() {
            @Override
            public String flavor() {
                return "fake";
            }

            @Override
            public ModelSignature signature() {
                return new ModelSignature(List.of(new TensorSpec("x", "float", new long[] {-1, weights.length})),
                        List.of(new TensorSpec("y", "float", new long[] {-1, 1})));
            }

            @Override
            public List<Prediction> predict(float[][] rows) {
                ModelInputException.requireRowLength("fake model", rows, weights.length);
                return java.util.Arrays.stream(rows).map(row -> {
                    float sum = 0;
                    for (int i = 0; i < row.length; i++) {
                        sum += weights[i] * row[i];
                    }
                    return new Prediction(-1, new float[] {sum});
                }).toList();
            }

            @Override
            public void close() {
            }
        };
    }
}
