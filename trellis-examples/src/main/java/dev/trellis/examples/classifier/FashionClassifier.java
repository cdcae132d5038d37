package dev.trellis.examples.classifier;

import dev.trellis.examples.ModelLocations;
import dev.trellis.models.Model;
import dev.trellis.models.ModelLoadException;
import dev.trellis.serve.Deployment;
import java.util.Arrays;
import java.util.List;

/**
 * Seed 001's {@code OnlineMNISTClassifier}: a convolutional network for 28 x 28 grayscale
 * images, loaded once per replica in the constructor and asked about one image per call. The
 * network served by default is the fixture {@code fixtures/models/fashion_cnn} (two
 * convolution blocks and two dense layers, trained with PyTorch on Fashion-MNIST and exported
 * to ONNX; 84% accurate on the 10,000 test images). Any ONNX model with the same input
 * ({@code float[N, 1, 28, 28]}, pixels 0-255) and output (ten class probabilities) can be
 * served instead: pass its location ({@link ModelLocations}). The model is safe to call from
 * many requests at once and is closed when the replica stops.
 */
@Deployment(name = "FashionClassifier")
public final class FashionClassifier implements AutoCloseable {
    /** The committed Fashion-MNIST network. */
    public static final String FASHION_CNN = ModelLocations.classpath("models/fashion_cnn/model.onnx");

    private final String location;
    private final Model model;

    /**
     * Loads the ONNX model at {@code location}.
     *
     * @throws ModelLoadException if there is no model there, or it does not take one 28 x 28 image
     */
    public FashionClassifier(String location) {
        this.location = location;
        this.model = ModelLocations.load(location, "onnx");
        if (model.featureCount() != ImageTensor.SIZE) {
            int found = model.featureCount();
            model.close();
            throw new ModelLoadException("the model at " + location + " takes " + found
                    + " values per example; an image classifier here takes " + ImageTensor.SIZE + " (1 x 28 x 28)");
        }
    }

    /** The class of {@code image} and the model's probability for it. */
    public Prediction classify(ImageTensor image) {
        dev.trellis.models.Prediction prediction = model.predict(image.values());
        FashionClass[] classes = FashionClass.values();
        if (prediction.label() < 0 || prediction.label() >= classes.length) {
            throw new IllegalStateException("the model at " + location + " predicted class " + prediction.label()
                    + "; Fashion-MNIST has classes 0 to " + (classes.length - 1));
        }
        return new Prediction(prediction.label(), classes[prediction.label()].label(), prediction.score());
    }

    /** The class names this model can return, in label order. */
    public List<String> labels() {
        return Arrays.stream(FashionClass.values()).map(FashionClass::label).toList();
    }

    @Override
    public void close() {
        model.close();
    }
}
