package dev.trellis.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A reading of the machine's busy CPU time and of the harness's own (itself plus the children
 * it has waited for: servers, wrk), from /proc. Two readings tell how many cores other
 * processes kept busy in between: the figures of a scenario are only comparable across runs
 * when that is near zero. Readings are NaN where /proc cannot be read.
 *
 * @param machineTicks user, nice, system, irq, softirq and steal time of all cores, in clock ticks
 * @param ownTicks     user and system time of this process and its reaped children, in clock ticks
 */
record CpuUsage(double machineTicks, double ownTicks, long nanoTime) {
    /** USER_HZ: the unit of /proc/stat and /proc/self/stat on Linux. */
    private static final double TICKS_PER_SECOND = 100.0;

    static CpuUsage now() {
        return new CpuUsage(readMachineBusyTicks(), readOwnTicks(), System.nanoTime());
    }

    /** Cores, on average, kept busy by processes other than the harness and its children since {@code start}. */
    double otherCoresSince(CpuUsage start) {
        double seconds = (nanoTime - start.nanoTime) / 1e9;
        double otherTicks = (machineTicks - start.machineTicks) - (ownTicks - start.ownTicks);
        return Math.max(0, otherTicks / TICKS_PER_SECOND / seconds);
    }

    private static double readMachineBusyTicks() {
        try (var lines = Files.lines(Path.of("/proc/stat"))) {
            String[] f = lines.filter(l -> l.startsWith("cpu ")).findFirst().orElseThrow().trim().split("\\s+");
            // cpu user nice system idle iowait irq softirq steal ...
            return sum(f, 1, 2, 3, 6, 7, 8);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    private static double readOwnTicks() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            // Fields after the command name (which may hold spaces): state is field 3, utime 14 ... cstime 17.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            return sum(f, 11, 12, 13, 14);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    private static double sum(String[] fields, int... indexes) {
        double total = 0;
        for (int i : indexes) {
            total += Double.parseDouble(fields[i]);
        }
        return total;
    }
}
