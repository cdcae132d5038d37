package dev.trellis.examples.pipelines;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A deterministic stand-in for the seed's torchvision classifiers ({@code resnet18},
 * {@code resnet34}): tells horizontal stripes, vertical stripes and flat images apart. It
 * measures how much the image changes from row to row and from column to column (mean absolute
 * difference of neighbouring pixels, each in [0, 1]) and turns the three evidences
 * {@code [row change, column change, 1 - the larger change]}, times {@code sharpness}, into
 * scores with a softmax. A larger sharpness plays the deeper network: the same ranking, said
 * with more confidence. Stateless after construction, so safe for concurrent calls.
 */
public final class PatternModel {
    /** The labels, in the order of {@link Classification#scores()}. */
    public static final List<String> LABELS = List.of("horizontal stripes", "vertical stripes", "flat");

    private final String name;
    private final double sharpness;

    public PatternModel(String name, double sharpness) {
        if (!(sharpness > 0)) {
            throw new IllegalArgumentException("sharpness must be > 0, was " + sharpness);
        }
        this.name = name;
        this.sharpness = sharpness;
    }

    public Classification classify(NormalizedImage image) {
        double[][] p = image.pixels();
        double rowChange = 0;
        double columnChange = 0;
        for (int r = 0; r < p.length; r++) {
            for (int c = 0; c < p[r].length; c++) {
                rowChange += r + 1 < p.length ? Math.abs(p[r + 1][c] - p[r][c]) : 0;
                columnChange += c + 1 < p[r].length ? Math.abs(p[r][c + 1] - p[r][c]) : 0;
            }
        }
        rowChange /= (p.length - 1) * p[0].length;
        columnChange /= p.length * (p[0].length - 1);
        double[] evidence = {rowChange, columnChange, 1 - Math.max(rowChange, columnChange)};
        return new Classification(name, LABELS.get(argMax(evidence)), softmax(evidence));
    }

    private Map<String, Double> softmax(double[] evidence) {
        double[] e = new double[evidence.length];
        double sum = 0;
        for (int i = 0; i < e.length; i++) {
            e[i] = Math.exp(sharpness * evidence[i]);
            sum += e[i];
        }
        var scores = new LinkedHashMap<String, Double>();
        for (int i = 0; i < e.length; i++) {
            scores.put(LABELS.get(i), Math.round(e[i] / sum * 10_000) / 10_000.0);
        }
        return scores;
    }

    static int argMax(double[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}
