package dev.trellis.models;

import dev.trellis.models.internal.tribuo.TribuoLabelModel;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Trains a multinomial logistic regression classifier in Java with Tribuo (its
 * {@code LinearSGDTrainer} with the log loss and AdaGrad, as Tribuo's
 * {@code LogisticRegressionTrainer}), from float rows and class names:
 * <pre>{@code
 * TribuoClassifier model = TribuoClassifierTrainer.builder()
 *         .featureNames(List.of("sepal length", "sepal width", "petal length", "petal width"))
 *         .epochs(50)
 *         .build()
 *         .train(rows, labels);
 * model.save(Path.of("iris.tribuo"));            // Models.load(Path.of("iris.tribuo")) reads it back
 * }</pre>
 * Training is deterministic for a seed. The feature names, in row order, are stored in the
 * model, so a saved model maps rows to features the same way after loading. Features are used
 * as given: scale them first if their ranges differ a lot (SGD converges faster). A trainer is
 * immutable and may train many models, also at once.
 */
public final class TribuoClassifierTrainer {
    private final List<String> featureNames;
    private final int epochs;
    private final double learningRate;
    private final int minibatchSize;
    private final long seed;

    private TribuoClassifierTrainer(Builder builder) {
        this.featureNames = builder.featureNames;
        this.epochs = builder.epochs;
        this.learningRate = builder.learningRate;
        this.minibatchSize = builder.minibatchSize;
        this.seed = builder.seed;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Trains on {@code rows} (one example each, all of one length) labelled with {@code labels}
     * (class names, at least two distinct ones).
     *
     * @throws IllegalArgumentException naming the row, feature or label that is wrong
     */
    public TribuoClassifier train(float[][] rows, List<String> labels) {
        List<String> names = checkedFeatureNames(rows, labels);
        LabelFactory factory = new LabelFactory();
        MutableDataset<Label> dataset = new MutableDataset<>(
                new SimpleDataSourceProvenance("float rows given to TribuoClassifierTrainer", factory), factory);
        String[] nameArray = names.toArray(String[]::new);
        for (int r = 0; r < rows.length; r++) {
            double[] values = new double[rows[r].length];
            for (int f = 0; f < values.length; f++) {
                values[f] = rows[r][f];
            }
            dataset.add(new ArrayExample<>(new Label(labels.get(r)), nameArray, values));
        }
        // loggingInterval -1: Tribuo logs no training progress.
        var trainer = new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(learningRate, 0.1), epochs, -1,
                minibatchSize, seed);
        org.tribuo.Model<Label> model = trainer.train(dataset, TribuoLabelModel.featureOrderProvenance(names));
        return TribuoLabelModel.wrap("tribuo classifier trained in Java", model, names);
    }

    private List<String> checkedFeatureNames(float[][] rows, List<String> labels) {
        if (rows == null || rows.length == 0) {
            throw new IllegalArgumentException("rows must hold at least one example, got none");
        }
        if (labels == null || labels.size() != rows.length) {
            throw new IllegalArgumentException("rows and labels must be as many: " + rows.length + " rows, "
                    + (labels == null ? "no" : labels.size()) + " labels");
        }
        int width = rows[0] == null ? 0 : rows[0].length;
        if (width == 0) {
            throw new IllegalArgumentException("row 0 has no features");
        }
        for (int r = 0; r < rows.length; r++) {
            if (rows[r] == null || rows[r].length != width) {
                throw new IllegalArgumentException("row " + r + " has " + (rows[r] == null ? "no" : rows[r].length)
                        + " features, row 0 has " + width);
            }
            for (int f = 0; f < width; f++) {
                if (!Float.isFinite(rows[r][f])) {
                    throw new IllegalArgumentException("row " + r + ", feature " + f + " is " + rows[r][f]
                            + "; training takes finite values");
                }
            }
            if (labels.get(r) == null || labels.get(r).isBlank()) {
                throw new IllegalArgumentException("label " + r + " is blank; labels are class names");
            }
        }
        var distinct = new TreeSet<>(labels);
        if (distinct.size() < 2) {
            throw new IllegalArgumentException("a classifier needs at least two distinct labels, got " + distinct);
        }
        if (featureNames.isEmpty()) {
            return IntStream.range(0, width).mapToObj(i -> "f" + i).toList();
        }
        if (featureNames.size() != width) {
            throw new IllegalArgumentException("feature_names has " + featureNames.size() + " names, rows have "
                    + width + " features");
        }
        return featureNames;
    }

    /** Settings for {@link TribuoClassifierTrainer}; each has a default. */
    public static final class Builder {
        private List<String> featureNames = List.of();
        private int epochs = 10;
        private double learningRate = 1.0;
        private int minibatchSize = 1;
        private long seed = 12345L;

        private Builder() {
        }

        /** The name of each row position (distinct); default {@code f0, f1, ...}. */
        public Builder featureNames(List<String> featureNames) {
            List<String> names = new ArrayList<>(featureNames);
            if (names.stream().anyMatch(n -> n == null || n.isBlank())) {
                throw new IllegalArgumentException("feature_names must not hold blank names, was " + names);
            }
            if (names.stream().distinct().count() != names.size()) {
                throw new IllegalArgumentException("feature_names must be distinct, was " + names);
            }
            this.featureNames = List.copyOf(names);
            return this;
        }

        /** Passes over the data; default 10. */
        public Builder epochs(int epochs) {
            if (epochs < 1) {
                throw new IllegalArgumentException("epochs must be >= 1, was " + epochs);
            }
            this.epochs = epochs;
            return this;
        }

        /** AdaGrad's initial learning rate; default 1.0. */
        public Builder learningRate(double learningRate) {
            if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
                throw new IllegalArgumentException("learning_rate must be > 0 and finite, was " + learningRate);
            }
            this.learningRate = learningRate;
            return this;
        }

        /** Examples per gradient step; default 1. */
        public Builder minibatchSize(int minibatchSize) {
            if (minibatchSize < 1) {
                throw new IllegalArgumentException("minibatch_size must be >= 1, was " + minibatchSize);
            }
            this.minibatchSize = minibatchSize;
            return this;
        }

        /** The seed of the example shuffling; default 12345. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public TribuoClassifierTrainer build() {
            return new TribuoClassifierTrainer(this);
        }
    }
}
