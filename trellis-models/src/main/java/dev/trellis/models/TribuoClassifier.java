package dev.trellis.models;

import dev.trellis.models.internal.tribuo.TribuoLabelModel;
import java.nio.file.Path;
import java.util.List;
import org.tribuo.classification.Label;

/**
 * A Tribuo classifier (a Tribuo {@code Model<Label>}) behind Trellis' {@link Model}: train one in
 * Java with {@link TribuoClassifierTrainer}, or load one saved by Tribuo with
 * {@code Models.load(Path.of("iris.tribuo"))}.
 *
 * <p>Tribuo names every feature; Trellis rows are arrays. {@link #featureNames()} says which
 * name each row position has: the names the model was trained with, in training order (stored
 * in the model file by {@link TribuoClassifierTrainer}), or for a model trained elsewhere the
 * order of Tribuo's feature ids (the names sorted), unless given to {@link #wrap(org.tribuo.Model, List)}.
 *
 * <p>A {@link Prediction}'s {@code label} is an index into {@link #labels()}, the class names
 * sorted; its scores are the class probabilities in that order (raw scores for a model that
 * does not produce probabilities). Prediction is thread-safe: Tribuo models are immutable once
 * trained. No native resources are held; {@link #close()} only makes later calls fail.
 */
public interface TribuoClassifier extends Model {

    /** The class names, sorted; {@code Prediction.label()} indexes this list. */
    List<String> labels();

    /** The class name of a prediction made by this model. */
    default String labelName(Prediction prediction) {
        return labels().get(prediction.label());
    }

    /** The Tribuo model, for Tribuo's own APIs (evaluation, explanation, ONNX export). */
    org.tribuo.Model<Label> tribuoModel();

    /**
     * Saves the model in Tribuo's protobuf format (never Java serialization), with the feature
     * order. {@code Models.load} reads a {@code *.tribuo} file back, or any name with flavor {@code tribuo}.
     *
     * @throws java.io.UncheckedIOException naming the file if it cannot be written
     */
    void save(Path file);

    /** Wraps a trained Tribuo classifier; its feature order is the stored one, or its feature ids' order. */
    static TribuoClassifier wrap(org.tribuo.Model<Label> model) {
        return TribuoLabelModel.wrap("tribuo model '" + model.getName() + "'", model, null);
    }

    /**
     * Wraps a trained Tribuo classifier whose row position {@code i} is feature {@code featureNames.get(i)}.
     *
     * @throws IllegalArgumentException if the names are not exactly the model's features
     */
    static TribuoClassifier wrap(org.tribuo.Model<Label> model, List<String> featureNames) {
        return TribuoLabelModel.wrap("tribuo model '" + model.getName() + "'", model, List.copyOf(featureNames));
    }
}
