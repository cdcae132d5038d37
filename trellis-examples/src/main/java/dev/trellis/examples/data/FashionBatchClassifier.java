package dev.trellis.examples.data;

import dev.trellis.data.Batch;
import dev.trellis.data.BatchMapper;
import dev.trellis.examples.classifier.FashionClassifier;
import dev.trellis.examples.classifier.ImageTensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Seed 001's {@code MNISTClassifier} for {@code mapBatches} on an actor pool: the ONNX network
 * loads once per actor (its constructor), then each batch's {@code pixels} (float tensors, as
 * {@link FashionMnistBatchInference#normalize} makes them) gets a {@code predicted_label}.
 */
public final class FashionBatchClassifier implements BatchMapper {
    private final FashionClassifier classifier;

    /** Loads the network at {@code modelLocation} ({@code classpath:...} or a file). */
    public FashionBatchClassifier(String modelLocation) {
        this.classifier = new FashionClassifier(modelLocation);
    }

    @Override
    public Batch apply(Batch batch) {
        byte[][] tensors = batch.binaries("pixels");
        long[] predicted = new long[tensors.length];
        for (int i = 0; i < tensors.length; i++) {
            float[] values = new float[ImageTensor.SIZE];
            ByteBuffer.wrap(tensors[i]).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
            predicted[i] = classifier.classify(new ImageTensor(values)).predictedLabel();
        }
        return batch.withColumn("predicted_label", predicted);
    }
}
