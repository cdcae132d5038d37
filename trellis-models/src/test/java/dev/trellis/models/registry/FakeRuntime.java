package dev.trellis.models.registry;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A model runtime for tests, found through {@code ServiceLoader}: flavor {@code fake}, files
 * named {@code *.fake} holding a few numbers (the weights). Its model predicts the weighted sum of
 * a row, knows every model it loaded and how often each was closed, and counts calls that ran on
 * a closed model (checked when a call starts and again when it ends).
 */
public final class FakeRuntime implements ModelRuntime {
    static final Queue<FakeModel> LOADED = new ConcurrentLinkedQueue<>();
    static final AtomicInteger USED_AFTER_CLOSE = new AtomicInteger();

    /** Writes a model file holding {@code weights}. */
    static Path write(Path file, float... weights) throws IOException {
        var sb = new StringBuilder();
        for (float w : weights) {
            sb.append(w).append(' ');
        }
        return Files.writeString(file, sb.toString().strip() + "\n");
    }

    /** The models loaded from {@code file}, in load order. */
    static List<FakeModel> loadedFrom(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        return LOADED.stream().filter(m -> m.file.toAbsolutePath().normalize().equals(absolute)).toList();
    }

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
        List<Float> weights = new ArrayList<>();
        try {
            for (String token : Files.readString(file).trim().split("\\s+")) {
                weights.add(Float.parseFloat(token));
            }
        } catch (IOException | NumberFormatException e) {
            throw new ModelLoadException("fake model file " + file + " is unreadable: " + e.getMessage(), e);
        }
        float[] w = new float[weights.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = weights.get(i);
        }
        var model = new FakeModel(file, w);
        LOADED.add(model);
        return model;
    }

    static final class FakeModel implements Model {
        final Path file;
        private final float[] weights;
        final AtomicInteger closeCount = new AtomicInteger();
        final AtomicInteger running = new AtomicInteger();
        private volatile boolean closed;

        FakeModel(Path file, float[] weights) {
            this.file = file;
            this.weights = weights;
        }

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
            checkOpen();
            running.incrementAndGet();
            try {
                ModelInputException.requireRowLength("fake model " + file.getFileName(), rows, weights.length);
                var out = new ArrayList<Prediction>(rows.length);
                for (float[] row : rows) {
                    float sum = 0;
                    for (int i = 0; i < row.length; i++) {
                        sum += weights[i] * row[i];
                    }
                    Thread.yield(); // give a concurrent close the chance to happen mid-call
                    out.add(new Prediction(-1, new float[] {sum}));
                }
                checkOpen();
                return out;
            } finally {
                running.decrementAndGet();
            }
        }

        private void checkOpen() {
            if (closed) {
                USED_AFTER_CLOSE.incrementAndGet();
                throw new IllegalStateException("fake model " + file + " used after close");
            }
        }

        @Override
        public void close() {
            if (running.get() > 0) {
                USED_AFTER_CLOSE.incrementAndGet(); // closed while a call was running on it
            }
            closed = true;
            closeCount.incrementAndGet();
        }

        boolean isClosed() {
            return closed;
        }
    }
}
