package dev.trellis.examples.iris;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/** The real iris data set (scikit-learn's iris.csv, a test resource), for measuring models. */
public final class IrisDataSet {

    /** One labelled flower. */
    public record Sample(IrisFeatures features, String species) {
    }

    private IrisDataSet() {
    }

    /** The share of the 150 flowers that {@code model} names correctly. */
    public static double accuracy(Function<IrisFeatures, String> model) {
        List<Sample> samples = samples();
        long correct = samples.stream().filter(s -> model.apply(s.features()).equals(s.species())).count();
        return (double) correct / samples.size();
    }

    /** iris.csv: a header line "150,4,setosa,versicolor,virginica", then four features and a class index per line. */
    public static List<Sample> samples() {
        try (var in = Objects.requireNonNull(IrisDataSet.class.getResourceAsStream("/iris.csv"), "iris.csv");
             var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String[] header = reader.readLine().split(",");
            var samples = new ArrayList<Sample>();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String[] v = line.split(",");
                var features = new IrisFeatures(Double.parseDouble(v[0]), Double.parseDouble(v[1]),
                        Double.parseDouble(v[2]), Double.parseDouble(v[3]));
                samples.add(new Sample(features, header[2 + Integer.parseInt(v[4])]));
            }
            if (samples.size() != Integer.parseInt(header[0])) {
                throw new IllegalStateException("iris.csv promises " + header[0] + " samples, has " + samples.size());
            }
            return samples;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
