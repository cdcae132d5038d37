package dev.trellis.models.internal.tribuo;

import com.oracle.labs.mlrg.olcut.provenance.ListProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.StringProvenance;
import dev.trellis.models.ModelInputException;
import dev.trellis.models.ModelSignature;
import dev.trellis.models.Prediction;
import dev.trellis.models.TensorSpec;
import dev.trellis.models.TribuoClassifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tribuo.Example;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;

/**
 * A Tribuo {@code Model<Label>} as a {@link TribuoClassifier}: rows become Tribuo examples whose
 * features are named by {@link #featureNames()}, predictions become label indexes into the
 * sorted class names and their scores. Tribuo models are immutable after training and their
 * {@code predict} builds its own vectors, so predictions run concurrently without a lock; close
 * only sets a flag (there is nothing native to free).
 */
public final class TribuoLabelModel implements TribuoClassifier {
    /** The key, in a model's instance provenance, of the feature names in row order. */
    public static final String FEATURE_ORDER = "trellis-feature-order";

    private final String description;
    private final Model<Label> model;
    private final String[] featureNames;
    private final List<String> labels;
    private final Map<String, Integer> labelIndex;
    private final ModelSignature signature;
    private volatile boolean closed;

    private TribuoLabelModel(String description, Model<Label> model, List<String> featureNames) {
        this.description = description;
        this.model = model;
        this.featureNames = featureNames.toArray(String[]::new);
        this.labels = model.getOutputIDInfo().getDomain().stream().map(Label::getLabel).sorted().toList();
        this.labelIndex = new HashMap<>();
        for (int i = 0; i < labels.size(); i++) {
            labelIndex.put(labels.get(i), i);
        }
        this.signature = new ModelSignature(
                List.of(new TensorSpec("features", "float", new long[] {-1, featureNames.size()})),
                List.of(new TensorSpec("label", "int64", new long[] {-1}),
                        new TensorSpec(model.generatesProbabilities() ? "probabilities" : "scores", "float",
                                new long[] {-1, labels.size()})));
    }

    /**
     * Wraps {@code model}; {@code featureNames} null means: the order stored under
     * {@link #FEATURE_ORDER}, else the order of the model's feature ids.
     */
    public static TribuoLabelModel wrap(String description, Model<Label> model, List<String> featureNames) {
        List<String> order = featureNames != null ? featureNames : storedOrder(model).orElseGet(() -> idOrder(model));
        requireModelFeatures(description, model, order);
        return new TribuoLabelModel(description, model, order);
    }

    /** The feature names in row order as instance provenance, for a trainer to store in the model. */
    public static Map<String, Provenance> featureOrderProvenance(List<String> featureNames) {
        List<StringProvenance> names = featureNames.stream().map(n -> new StringProvenance("feature", n)).toList();
        return Map.of(FEATURE_ORDER, new ListProvenance<>(names));
    }

    private static Optional<List<String>> storedOrder(Model<Label> model) {
        Provenance stored = model.getProvenance().getInstanceProvenance().getMap().get(FEATURE_ORDER);
        if (!(stored instanceof ListProvenance<?> list)) {
            return Optional.empty();
        }
        List<String> names = new ArrayList<>();
        for (Provenance p : list.getList()) {
            if (!(p instanceof StringProvenance s)) {
                return Optional.empty();
            }
            names.add(s.getValue());
        }
        return Optional.of(names);
    }

    private static List<String> idOrder(Model<Label> model) {
        ImmutableFeatureMap features = model.getFeatureIDMap();
        List<String> names = new ArrayList<>(features.size());
        for (int id = 0; id < features.size(); id++) {
            names.add(features.get(id).getName());
        }
        return names;
    }

    private static void requireModelFeatures(String description, Model<Label> model, List<String> names) {
        ImmutableFeatureMap features = model.getFeatureIDMap();
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            if (!seen.add(name)) {
                throw new IllegalArgumentException(description + ": feature_names names '" + name + "' twice");
            }
            if (features.get(name) == null) {
                throw new IllegalArgumentException(description + ": feature_names has '" + name
                        + "', which the model was not trained on; its features: " + idOrder(model));
            }
        }
        if (names.size() != features.size()) {
            throw new IllegalArgumentException(description + ": feature_names has " + names.size()
                    + " names, the model has " + features.size() + " features: " + idOrder(model));
        }
    }

    @Override
    public String flavor() {
        return TribuoRuntime.FLAVOR;
    }

    @Override
    public ModelSignature signature() {
        return signature;
    }

    @Override
    public List<String> featureNames() {
        return List.of(featureNames);
    }

    @Override
    public List<String> labels() {
        return labels;
    }

    @Override
    public Model<Label> tribuoModel() {
        return model;
    }

    @Override
    public List<Prediction> predict(float[][] rows) {
        ModelInputException.requireRowLength(description, rows, featureNames.length);
        requireOpen();
        List<Example<Label>> examples = new ArrayList<>(rows.length);
        for (int r = 0; r < rows.length; r++) {
            examples.add(example(rows, r));
        }
        List<org.tribuo.Prediction<Label>> predicted = model.predict(examples);
        List<Prediction> predictions = new ArrayList<>(predicted.size());
        for (org.tribuo.Prediction<Label> p : predicted) {
            float[] scores = new float[labels.size()];
            for (Map.Entry<String, Label> score : p.getOutputScores().entrySet()) {
                scores[labelIndex.get(score.getKey())] = (float) score.getValue().getScore();
            }
            predictions.add(new Prediction(labelIndex.get(p.getOutput().getLabel()), scores));
        }
        return predictions;
    }

    private Example<Label> example(float[][] rows, int r) {
        float[] row = rows[r];
        double[] values = new double[row.length];
        for (int f = 0; f < row.length; f++) {
            if (!Float.isFinite(row[f])) {
                throw new ModelInputException(description + ": feature " + f + " (" + featureNames[f] + ")"
                        + (rows.length > 1 ? " of row " + r : "") + " is " + row[f] + "; Tribuo models take finite values");
            }
            values[f] = row[f];
        }
        return new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, featureNames, values);
    }

    @Override
    public void save(Path file) {
        requireOpen();
        try {
            model.serializeToFile(file);
        } catch (IOException e) {
            throw new UncheckedIOException("could not save " + description + " to " + file.toAbsolutePath() + ": " + e, e);
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException(description + " is closed");
        }
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public String toString() {
        return description + " (" + labels.size() + " classes, " + featureNames.length + " features)";
    }
}
