package dev.trellis.examples.data;

import dev.trellis.core.Trellis;
import dev.trellis.core.TrellisOptions;
import dev.trellis.data.ActorPoolOptions;
import dev.trellis.data.Batch;
import dev.trellis.data.Data;
import dev.trellis.data.Dataset;
import dev.trellis.data.Row;
import dev.trellis.examples.classifier.FashionClassifier;
import dev.trellis.examples.classifier.ImageTensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;

/**
 * Seed 001, lesson 4 (Ray Data) in Java: batch inference over Fashion-MNIST images with an actor
 * pool, per-label accuracy with {@code groupBy().mapGroups()}, a global mean, shuffles, and the
 * predictions written as Parquet.
 *
 * <pre>
 * ./trellis run dev.trellis.examples.data.FashionMnistPngs /tmp/fashion 1000     # once: PNGs from Debian's package
 * ./trellis run dev.trellis.examples.data.FashionMnistBatchInference --images /tmp/fashion /tmp/preds [--address A]
 * </pre>
 */
public final class FashionMnistBatchInference {
    private FashionMnistBatchInference() {
    }

    /** What the program computes: accuracy per true label, and the mean of the per-batch accuracies. */
    public record Result(List<Row> perLabel, double meanAccuracy, long predictions, List<String> files) {
    }

    public static void main(String[] args) {
        String address = null;
        String images = null;
        String output = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--address" -> address = args[++i];
                case "--images" -> images = args[++i];
                default -> output = args[i];
            }
        }
        if (images == null || output == null) {
            System.err.println("usage: FashionMnistBatchInference --images DIR [--address HOST:PORT] OUTPUT_DIR");
            System.exit(2);
        }
        Trellis.init(address == null ? TrellisOptions.builder().build() : TrellisOptions.connect(address));
        try {
            Result r = run(images, output, FashionClassifier.FASHION_CNN);
            System.out.println("accuracy per label:");
            System.out.printf("%-20s %s%n", "ground_truth_label", "accuracy");
            for (Row row : r.perLabel()) {
                System.out.printf("%-20d %.3f%n", row.getLong("ground_truth_label"), row.getDouble("accuracy"));
            }
            System.out.printf("mean accuracy: %.3f%n", r.meanAccuracy());
            System.out.println("wrote " + r.predictions() + " predictions in " + r.files().size() + " Parquet file(s) under "
                    + output);
        } finally {
            Trellis.shutdown();
        }
    }

    /** The lesson's pipeline over the images under {@code images}, writing predictions under {@code output}. */
    public static Result run(String images, String output, String model) {
        Dataset ds = Data.readImages(images, true, ImageTensor.SIDE, ImageTensor.SIDE, "L");
        Dataset normalized = ds.mapBatches(FashionMnistBatchInference::normalize);
        Dataset preds = normalized.mapBatches(FashionBatchClassifier.class,
                ActorPoolOptions.of(2).numCpus(0.5).batchSize(100).constructorArgs(model)).materialize();

        List<Row> perLabel = preds.mapBatches(FashionMnistBatchInference::addLabel)
                .groupBy("ground_truth_label").mapGroups(FashionMnistBatchInference::computeAccuracy)
                .sort("ground_truth_label").takeAll();
        double mean = preds.mapBatches(FashionMnistBatchInference::addLabel)
                .mapBatches(FashionMnistBatchInference::computeAccuracy).mean("accuracy");

        // Shuffling: block order (cheap), then every row (a map/reduce over tasks).
        preds.randomizeBlockOrder(1).materialize();
        Dataset shuffled = preds.randomShuffle(7).materialize();
        List<String> files = shuffled.dropColumns("pixels").writeParquet(Path.of(output).toAbsolutePath().toString());
        return new Result(perLabel, mean, shuffled.count(), files);
    }

    /**
     * The seed's {@code normalize}: each image (gray bytes 0-255) as the float tensor the network
     * takes. This network scales pixels itself, so the values stay 0-255 (see the classifier's
     * preprocessor); the tensor is kept as little-endian float bytes in column {@code pixels}.
     */
    public static Batch normalize(Batch batch) {
        byte[][] images = batch.binaries("image");
        byte[][] tensors = new byte[images.length][];
        for (int i = 0; i < images.length; i++) {
            if (images[i].length != ImageTensor.SIZE) {
                throw new IllegalArgumentException("image " + i + " has " + images[i].length + " pixels, not "
                        + ImageTensor.SIZE);
            }
            ByteBuffer out = ByteBuffer.allocate(4 * ImageTensor.SIZE).order(ByteOrder.LITTLE_ENDIAN);
            for (byte p : images[i]) {
                out.putFloat(p & 0xff);
            }
            tensors[i] = out.array();
        }
        return batch.withColumn("pixels", tensors);
    }

    /** The seed's {@code add_label}: the true label is the image's folder name. */
    public static Batch addLabel(Batch batch) {
        String[] paths = batch.strings("path");
        long[] labels = new long[paths.length];
        for (int i = 0; i < paths.length; i++) {
            Path p = Path.of(paths[i]);
            labels[i] = Long.parseLong(p.getParent().getFileName().toString());
        }
        return batch.withColumn("ground_truth_label", labels);
    }

    /** The seed's {@code compute_accuracy}: the share of rows whose prediction is the true label, with the first label. */
    public static Batch computeAccuracy(Batch group) {
        long[] predicted = group.longs("predicted_label");
        long[] truth = group.longs("ground_truth_label");
        long right = 0;
        for (int i = 0; i < predicted.length; i++) {
            if (predicted[i] == truth[i]) {
                right++;
            }
        }
        return Batch.of("accuracy", new double[] {(double) right / predicted.length},
                "ground_truth_label", new long[] {truth[0]});
    }
}
