package dev.trellis.bench;

import java.util.Arrays;

/** Collects per-call latencies in nanoseconds and reports percentiles. Single-threaded. */
final class LatencyRecorder {
    private long[] samples;
    private int count;

    LatencyRecorder(int capacity) {
        samples = new long[capacity];
    }

    void record(long nanos) {
        if (count == samples.length) {
            samples = Arrays.copyOf(samples, samples.length * 2);
        }
        samples[count++] = nanos;
    }

    /** Adds every sample of {@code other} (merging callers' recorders; no thread may still record into it). */
    void addAll(LatencyRecorder other) {
        for (int i = 0; i < other.count; i++) {
            record(other.samples[i]);
        }
    }

    /** The {@code p}-th percentile (0-100) in microseconds. */
    double percentileMicros(double p) {
        long[] sorted = Arrays.copyOf(samples, count);
        Arrays.sort(sorted);
        int index = (int) Math.min(count - 1, Math.max(0, Math.ceil(p / 100.0 * count) - 1));
        return sorted[index] / 1000.0;
    }

    int count() {
        return count;
    }
}
