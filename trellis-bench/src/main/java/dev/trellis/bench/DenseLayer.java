package dev.trellis.bench;

import dev.trellis.serve.Batch;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The model of the {@code batch} scenario, a stand-in for a real network layer until ONNX models
 * arrive: {@code y = W x} with {@code W} a dense {@code outputs x inputs} float matrix, large
 * enough (4096 x 4096, 64 MiB) not to fit in the processor's caches. One replica serves both
 * methods, so the two are measured on the same deployment with the same
 * {@code max_ongoing_requests}:
 * <ul>
 *   <li>{@link #predict}: one input per call, a matrix-vector product, which streams all of
 *       {@code W} from memory for each input: memory bound;</li>
 *   <li>{@link #predictBatch}: the same calls batched by {@code @Batch}, a matrix-matrix
 *       product that streams {@code W} once per batch and applies each block of it to every
 *       input of the batch while it is in cache: compute bound.</li>
 * </ul>
 * Both go through the very same {@link #forward} code (a batch of one, or of many), so they
 * compute bit-for-bit the same results, and the difference measured is batching's alone. A batch
 * of one reads {@code W} in whole columns, the best order when nothing is reused.
 */
public final class DenseLayer {
    /**
     * Outputs computed per pass over the batch: the 4 x 1024 weights in use (16 KiB) stay in the L1
     * cache while they are applied to every input (1024 was measured a little faster than 512 or 2048
     * on the benchmark machine).
     */
    private static final int BLOCK = 1024;

    /** {@code W} transposed: {@code weights[k]} holds column {@code k}, the weights input {@code k} contributes. */
    private final float[][] weights;

    public DenseLayer(int inputs, int outputs, long seed) {
        if (inputs % 4 != 0) {
            throw new IllegalArgumentException("inputs must be a multiple of 4, was " + inputs);
        }
        var random = new Random(seed);
        weights = new float[inputs][outputs];
        for (float[] column : weights) {
            for (int i = 0; i < outputs; i++) {
                column[i] = random.nextFloat() - 0.5f;
            }
        }
    }

    public float[] predict(float[] x) {
        return forward(weights, new float[][] {x})[0];
    }

    @Batch(maxBatchSize = 32, batchWaitTimeoutMillis = 5, maxConcurrentBatches = 2)
    public List<float[]> predictBatch(List<float[]> xs) {
        return Arrays.asList(forward(weights, xs.toArray(float[][]::new)));
    }

    /**
     * {@code y_b = W x_b} for every input {@code x_b}, block by block of {@code W}'s rows (a batch
     * of one in one pass). Each output is accumulated in the same order whatever the blocking,
     * so results do not depend on the batch.
     */
    static float[][] forward(float[][] weights, float[][] xs) {
        int inputs = weights.length;
        int outputs = weights[0].length;
        float[][] ys = new float[xs.length][outputs];
        // One input reuses nothing: it reads W in whole columns, the fastest order for a stream from memory.
        int block = xs.length == 1 ? outputs : BLOCK;
        for (int from = 0; from < outputs; from += block) {
            int to = Math.min(outputs, from + block);
            for (int k = 0; k < inputs; k += 4) {
                float[] w0 = weights[k];
                float[] w1 = weights[k + 1];
                float[] w2 = weights[k + 2];
                float[] w3 = weights[k + 3];
                for (int b = 0; b < xs.length; b++) {
                    float[] x = xs[b];
                    accumulate(ys[b], w0, w1, w2, w3, x[k], x[k + 1], x[k + 2], x[k + 3], from, to);
                }
            }
        }
        return ys;
    }

    /**
     * {@code y[i] += a0 w0[i] + a1 w1[i] + a2 w2[i] + a3 w3[i]} for {@code i} in {@code [from, to)}.
     * Written so that C2 vectorizes it (same index in every array, fused multiply-adds).
     */
    private static void accumulate(float[] y, float[] w0, float[] w1, float[] w2, float[] w3, float a0, float a1,
                                   float a2, float a3, int from, int to) {
        for (int i = from; i < to; i++) {
            y[i] = Math.fma(a3, w3[i], Math.fma(a2, w2[i], Math.fma(a1, w1[i], Math.fma(a0, w0[i], y[i]))));
        }
    }
}
