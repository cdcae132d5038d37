package dev.trellis.data;

/**
 * Settings of Trellis Data in this JVM (Ray's {@code DataContext.get_current()}), read when an
 * execution starts. Change them before consuming a dataset:
 *
 * <pre>{@code
 * DataContext.current().operatorMemoryBytes(64L << 20).progressBars(false);
 * }</pre>
 */
public final class DataContext {
    private static final DataContext CURRENT = new DataContext();

    private volatile long operatorMemoryBytes = 256L << 20;
    private volatile boolean progressBars = !"false".equalsIgnoreCase(System.getProperty("trellis.data.progress",
            System.getenv().getOrDefault("TRELLIS_DATA_PROGRESS", "true")));

    private volatile boolean preserveOrder = true;

    private DataContext() {
    }

    /**
     * Whether blocks come out of each stage in input order (default true, so results are
     * deterministic; Ray's default is false). Off, a stage yields whichever task's blocks are
     * ready first, so a slow block does not hold back the ones after it.
     */
    public DataContext preserveOrder(boolean on) {
        this.preserveOrder = on;
        return this;
    }

    public boolean preserveOrder() {
        return preserveOrder;
    }

    public static DataContext current() {
        return CURRENT;
    }

    /**
     * The object-store bytes one stage may hold in blocks its consumer has not taken yet (default
     * 256 MiB): a stage starts no new task while its finished, unconsumed blocks and the expected
     * output of its running tasks exceed it (back-pressure on bytes, besides the task window).
     */
    public DataContext operatorMemoryBytes(long bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("operatorMemoryBytes must be at least 1, was " + bytes);
        }
        this.operatorMemoryBytes = bytes;
        return this;
    }

    public long operatorMemoryBytes() {
        return operatorMemoryBytes;
    }

    /**
     * Whether long executions draw a progress line per stage on the terminal (default true; also
     * {@code -Dtrellis.data.progress=false} or {@code TRELLIS_DATA_PROGRESS=false}). Never drawn
     * when standard error is not a terminal; the same progress goes to the log either way.
     */
    public DataContext progressBars(boolean on) {
        this.progressBars = on;
        return this;
    }

    public boolean progressBars() {
        return progressBars;
    }
}
