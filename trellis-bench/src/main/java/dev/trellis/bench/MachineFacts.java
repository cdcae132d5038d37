package dev.trellis.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * Where and how a scenario ran, recorded next to its figures: the exact command, the date, and
 * the machine. The load average at the start and the cores other processes kept busy during the
 * run ({@link CpuUsage}; NaN until known) tell whether other work competed for the cores.
 */
record MachineFacts(String command, Instant date, int cores, String jdk, String os, String cpuModel,
        String loadAverage, double otherCores) {
    /** Above this many cores busy with other work, a section is flagged as disturbed. */
    static final double DISTURBED_CORES = 0.25;

    static MachineFacts collect(String command) {
        return new MachineFacts(command, Instant.now().truncatedTo(ChronoUnit.SECONDS),
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name") + " "
                        + Runtime.version(),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " ("
                        + System.getProperty("os.arch") + ")",
                readCpuModel(), readLoadAverage(), Double.NaN);
    }

    MachineFacts withOtherCores(double value) {
        return new MachineFacts(command, date, cores, jdk, os, cpuModel, loadAverage, value);
    }

    /** A line for the console, or empty when nothing was measured. */
    String otherLoadSummary() {
        return Double.isNaN(otherCores) ? "" : String.format(Locale.ROOT,
                "other processes kept %.2f of %d cores busy during the run", otherCores, cores);
    }

    private static String readCpuModel() {
        try (var lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The 1, 5 and 15 minute load averages from /proc/loadavg. */
    private static String readLoadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | ArrayIndexOutOfBoundsException e) {
            return "unknown";
        }
    }

    ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("command", command);
        json.put("date", date.toString());
        json.put("cores", cores);
        json.put("jdk", jdk);
        json.put("os", os);
        json.put("cpu_model", cpuModel);
        json.put("load_average_at_start", loadAverage);
        if (!Double.isNaN(otherCores)) {
            json.put("other_processes_cores_busy", otherCores);
        }
        return json;
    }

    String toMarkdown() {
        return "Command: `" + command + "` · " + date + "  \n"
                + "Machine: " + cores + " cores, " + cpuModel + ", " + os + ", " + jdk
                + "  \nLoad: average at start " + loadAverage + " (1, 5, 15 min)"
                + (Double.isNaN(otherCores) ? "" : "; " + otherLoadSummary())
                + (otherCores > DISTURBED_CORES ? ". **Other work competed for the cores: these figures, ratios "
                        + "included, are disturbed; rerun on a quiet machine to compare.**" : "");
    }
}
