package dev.trellis.data.internal.exec;

import dev.trellis.data.OperatorStats;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The progress of one execution, one line per stage (rows done, rate): redrawn on the terminal
 * every second once the execution has run for {@link #AFTER_MS} (when standard error is a
 * terminal and progress bars are on), and logged then and every {@link #LOG_EVERY_MS}. Runs on a daemon
 * thread until the stream ends or closes.
 */
final class Progress implements BlockStream {
    private static final Logger LOG = LoggerFactory.getLogger("dev.trellis.data.progress");
    static final long AFTER_MS = 2_000;
    static final long LOG_EVERY_MS = 10_000;

    private final BlockStream stream;
    private final ExecutionStats stats;
    private final boolean draw;
    private final long start = System.nanoTime();
    private volatile boolean done;
    private Thread reporter;
    private int drawn;

    Progress(BlockStream stream, ExecutionStats stats, boolean bars) {
        this.stream = stream;
        this.stats = stats;
        this.draw = bars && System.console() != null && System.console().isTerminal();
    }

    @Override
    public BlockRef next() {
        if (reporter == null) {
            reporter = Thread.ofPlatform().daemon().name("trellis-data-progress").start(this::report);
        }
        BlockRef b = stream.next();
        if (b == null) {
            finish();
        }
        return b;
    }

    @Override
    public void close() {
        finish();
        stream.close();
    }

    private synchronized void finish() {
        if (done) {
            return;
        }
        done = true;
        if (reporter != null) {
            reporter.interrupt();
        }
        if (drawn > 0) {
            render(System.err); // the final counts
        }
    }

    private void report() {
        long lastLog = -LOG_EVERY_MS;
        try {
            Thread.sleep(AFTER_MS);
            while (!done) {
                long ms = (System.nanoTime() - start) / 1_000_000;
                if (draw) {
                    synchronized (this) {
                        if (!done) {
                            render(System.err);
                        }
                    }
                }
                if (ms - lastLog >= LOG_EVERY_MS) {
                    lastLog = ms;
                    LOG.info("Data execution, {} s: {}", ms / 1000, String.join("; ", lines(false)));
                }
                Thread.sleep(1_000);
            }
        } catch (InterruptedException e) {
            // finished
        }
    }

    private void render(PrintStream out) {
        List<String> lines = lines(true);
        var sb = new StringBuilder();
        if (drawn > 0) {
            sb.append("\033[").append(drawn).append('A');
        }
        for (String line : lines) {
            sb.append('\r').append(line).append("\033[K\n");
        }
        out.print(sb);
        out.flush();
        drawn = lines.size();
    }

    private List<String> lines(boolean bars) {
        double seconds = Math.max(1e-3, (System.nanoTime() - start) / 1e9);
        return stats.snapshot().operators().stream().map(o -> line(o, seconds, bars)).toList();
    }

    private static String line(OperatorStats o, double seconds, boolean bars) {
        return String.format(Locale.ROOT, "%s%s: %,d rows, %,d blocks, %,d tasks (%,.0f rows/s)", bars ? "- " : "",
                o.name(), o.rows(), o.blocks(), o.tasks(), o.rows() / seconds);
    }
}
