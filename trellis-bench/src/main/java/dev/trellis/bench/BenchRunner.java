package dev.trellis.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The harness behind {@code trellis-bench/run
 * [http|handle|chain|batch|autoscale|multiplex|onnx|peer|core|remote-hop|failover|all]... [--quick]}:
 * runs the named scenarios one after the other, writes each one's section of docs/benchmarks.{json,md}
 * as soon as it is done ({@link BenchReport}), and prints a summary. A failed scenario is
 * reported and the others still run; the exit status is then 1. Every process it starts is
 * ended when it exits, also on SIGTERM or Ctrl-C.
 *
 * <p>Options (passed by the script): {@code --command=<the command line, for the report>},
 * {@code --docs=<directory>}, {@code --logs=<directory for server logs>}.
 */
public final class BenchRunner {
    private static final Logger LOG = LoggerFactory.getLogger(BenchRunner.class);
    private static final Map<String, Scenario> SCENARIOS = new LinkedHashMap<>();

    static {
        for (Scenario s : List.of(new HttpScenario(), new HandleScenario(), new ChainScenario(), new BatchScenario(),
                new AutoscalingScenario(), new MultiplexScenario(), new OnnxScenario(),
                new PeerScenario(), new CoreScenario(), new RemoteHopScenario(), new FailoverScenario(), new DataScenario())) {
            SCENARIOS.put(s.name(), s);
        }
    }

    private BenchRunner() {
    }

    public static void main(String[] args) throws Exception {
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(
                () -> ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly)));
        boolean quick = false;
        String command = "trellis-bench/run " + String.join(" ", args);
        Path docs = Path.of("docs");
        Path logs = Path.of("trellis-bench", "target", "bench-logs");
        List<Scenario> scenarios = new ArrayList<>();
        for (String arg : args) {
            if (arg.equals("--quick")) {
                quick = true;
            } else if (arg.startsWith("--command=")) {
                command = arg.substring("--command=".length());
            } else if (arg.startsWith("--docs=")) {
                docs = Path.of(arg.substring("--docs=".length()));
            } else if (arg.startsWith("--logs=")) {
                logs = Path.of(arg.substring("--logs=".length()));
            } else if (arg.equals("all")) {
                SCENARIOS.values().stream().filter(s -> !scenarios.contains(s)).forEach(scenarios::add);
            } else if (SCENARIOS.containsKey(arg)) {
                if (!scenarios.contains(SCENARIOS.get(arg))) {
                    scenarios.add(SCENARIOS.get(arg));
                }
            } else {
                System.err.println("unknown scenario or option '" + arg + "'; usage: trellis-bench/run ["
                        + String.join("|", SCENARIOS.keySet()) + "|all]... [--quick]");
                System.exit(2);
            }
        }
        if (scenarios.isEmpty()) {
            scenarios.addAll(SCENARIOS.values());
        }
        System.exit(run(scenarios, BenchSettings.of(quick, logs), command, new BenchReport(docs)));
    }

    private static int run(List<Scenario> scenarios, BenchSettings settings, String command, BenchReport report) {
        long start = System.nanoTime();
        List<String> summary = new ArrayList<>();
        int status = 0;
        for (Scenario scenario : scenarios) {
            System.err.println("== " + scenario.name() + ": " + scenario.title());
            MachineFacts facts = MachineFacts.collect(command);
            CpuUsage before = CpuUsage.now();
            try {
                ScenarioResult result = scenario.run(settings);
                facts = facts.withOtherCores(CpuUsage.now().otherCoresSince(before));
                report.write(scenario, settings.quick(), facts, result);
                result.summary().forEach(line -> summary.add(scenario.name() + ": " + line));
                if (!facts.otherLoadSummary().isEmpty()) {
                    summary.add(scenario.name() + ": " + facts.otherLoadSummary()
                            + (facts.otherCores() > MachineFacts.DISTURBED_CORES ? " (figures disturbed)" : ""));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                summary.add(scenario.name() + ": interrupted");
                status = 1;
                break;
            } catch (Exception e) {
                LOG.error("scenario {} failed (server logs in {})", scenario.name(), settings.logDir(), e);
                summary.add(scenario.name() + ": FAILED: " + e.getMessage());
                status = 1;
            }
        }
        System.out.println();
        System.out.println("Summary (" + (settings.quick() ? "quick" : "full") + ", "
                + Duration.ofNanos(System.nanoTime() - start).toSeconds() + " s; report in " + report.markdown()
                + "):");
        summary.forEach(line -> System.out.println("  " + line));
        return status;
    }
}
