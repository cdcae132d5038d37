package dev.trellis.examples.classifier;

import dev.trellis.serve.Deployment;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A nearest-centroid classifier over 7 x 7 thumbnails: an image is shrunk to the mean of each
 * 4 x 4 block of pixels and compared with the thumbnail of each class's hand-drawn silhouette
 * ({@link FashionPrototypes}); the closest class wins. Its score is a softmax over the negative
 * squared distances, so it is near 1 for an image much closer to one silhouette than to any
 * other. It stands in for the seed's trained network (same input, same labels, same answer
 * shape) until model files can be served; the deployment name stays when a real model replaces
 * it. Deterministic and stateless, so thread-safe.
 */
@Deployment(name = "FashionClassifier")
public final class FashionClassifierStandIn {
    private static final int GRID = 7;
    private static final int BLOCK = NormalizedImage.SIDE / GRID;
    /** Softmax temperature, in squared-distance units: two classes 4 units apart score about e:1. */
    private static final double TEMPERATURE = 4.0;
    private static final Map<FashionClass, double[]> CENTROIDS = centroids();

    /** The class of {@code image} and the model's probability for it. */
    public Prediction classify(NormalizedImage image) {
        double[] thumbnail = thumbnail(image.values());
        FashionClass[] classes = FashionClass.values();
        double[] distances = new double[classes.length];
        for (FashionClass c : classes) {
            distances[c.ordinal()] = squaredDistance(thumbnail, CENTROIDS.get(c));
        }
        double nearest = Arrays.stream(distances).min().orElseThrow();
        double total = 0;
        int best = 0;
        for (int c = 0; c < distances.length; c++) {
            total += Math.exp(-(distances[c] - nearest) / TEMPERATURE);
            if (distances[c] < distances[best]) {
                best = c;
            }
        }
        return new Prediction(best, classes[best].label(), 1.0 / total);
    }

    /** The class names this model can return, in label order. */
    public List<String> labels() {
        return Arrays.stream(FashionClass.values()).map(FashionClass::label).toList();
    }

    private static double[] thumbnail(double[] values) {
        int side = NormalizedImage.SIDE;
        if (values.length != side * side) {
            throw new IllegalArgumentException("expected " + side * side + " normalized pixels, got " + values.length);
        }
        double[] thumbnail = new double[GRID * GRID];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                thumbnail[(y / BLOCK) * GRID + x / BLOCK] += values[y * side + x] / (BLOCK * BLOCK);
            }
        }
        return thumbnail;
    }

    /** Each drawing character covers 2 x 2 pixels: cloth is 1 and background -1, as normalized pixels would be. */
    private static Map<FashionClass, double[]> centroids() {
        var centroids = new EnumMap<FashionClass, double[]>(FashionClass.class);
        int side = NormalizedImage.SIDE;
        int scale = side / FashionPrototypes.SIDE;
        for (FashionClass c : FashionClass.values()) {
            String[] rows = FashionPrototypes.drawing(c);
            double[] pixels = new double[side * side];
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    pixels[y * side + x] = rows[y / scale].charAt(x / scale) == '#' ? 1 : -1;
                }
            }
            centroids.put(c, thumbnail(pixels));
        }
        return centroids;
    }

    private static double squaredDistance(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return sum;
    }
}
