package dev.trellis.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trellis.core.internal.cluster.FailureDetectorOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Serve's failover on a cluster: three node JVMs ({@link ServeCluster}), a head with
 * {@code --num-cpus 0} and two workers with {@code --num-cpus 1} each, and the {@code where}
 * application ({@link ServeClusterApps.Where}: answers its node's id) as one replica of 1 CPU, so
 * it runs on one worker and has room on the other. Steady light load goes through the head's
 * proxy ({@link PacedLoad}, one request every {@value #INTERVAL_MS} ms); after
 * {@value #STEADY_S} s the replica's worker is killed with SIGKILL; measured from the kill
 * ({@link FailoverTimeline}): until the admin API shows the replica RUNNING on the other worker,
 * until the first 200 answered from there, and every answer in between. Once both happened (or
 * after {@value #WATCH_S} s) the load goes on {@value #TAIL_MS} ms more, then stops.
 *
 * <p>Runs with the failure detector's defaults and with tuned options ({@link #TUNED}, given to
 * every node), each on a fresh cluster, once in quick mode and {@value #FULL_RUNS} times
 * otherwise. Run as {@code FailoverBenchmark --logs DIR [--quick]}; prints one
 * {@value #RESULT}JSON line.
 */
public final class FailoverBenchmark {
    static final String RESULT = "RESULT ";
    static final int INTERVAL_MS = 20;
    static final int STEADY_S = 2;
    static final int WATCH_S = 60;
    static final int TAIL_MS = 1000;
    static final int FULL_RUNS = 3;
    /** A client's read timeout: a request unanswered this long counts as no answer. */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(15);
    /** The tuned failure detector: heartbeats 5 times as often, unreachable after 1 s, downed 2 s later. */
    static final FailureDetectorOptions TUNED = new FailureDetectorOptions(Duration.ofMillis(200),
            Duration.ofSeconds(1), Duration.ofSeconds(2));
    private static final Duration PLACED = Duration.ofSeconds(90);

    private FailoverBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        boolean quick = List.of(args).contains("--quick");
        Path logs = BenchSettings.logDirOf(args);
        int runs = quick ? 1 : FULL_RUNS;
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("cores", Runtime.getRuntime().availableProcessors()).put("interval_ms", INTERVAL_MS)
                .put("steady_s", STEADY_S).put("watch_s", WATCH_S).put("read_timeout_s", READ_TIMEOUT.toSeconds())
                .put("runs", runs).put("node_heap", String.join(" ", ServeCluster.HEAP));
        ArrayNode settings = out.putArray("settings");
        for (boolean tuned : List.of(false, true)) {
            FailureDetectorOptions fd = tuned ? TUNED : FailureDetectorOptions.DEFAULTS;
            List<String> nodeArgs = tuned ? Arrays.asList(fd.toString().split(" ")) : List.of();
            ObjectNode setting = settings.addObject().put("name", tuned ? "tuned" : "default")
                    .put("options", fd.toString()).put("options_given", String.join(" ", nodeArgs));
            ArrayNode results = setting.putArray("runs");
            for (int run = 1; run <= runs; run++) {
                ServeCluster.note("failover, %s failure detector (%s), run %d of %d", setting.path("name").asText(),
                        fd, run, runs);
                results.add(runOnce(logs, nodeArgs, (tuned ? "fo-tuned-" : "fo-default-") + run));
            }
        }
        ServeCluster.note("stopped");
        System.out.println(RESULT + out);
    }

    private static ObjectNode runOnce(Path logs, List<String> nodeArgs, String prefix) throws Exception {
        try (ServeCluster cluster = new ServeCluster(logs, nodeArgs)) {
            ServeCluster.Node head = cluster.startHead(prefix + "-head", 0);
            List<ServeCluster.Node> workers = cluster.startWorkers(List.of(prefix + "-w1", prefix + "-w2"), 1);
            cluster.deploy(ServeCluster.config(ServeCluster.application("where", "/where",
                    "dev.trellis.bench.ServeClusterApps:where", null, "Where", 1, 1)));
            List<String> on = cluster.awaitRunning("where", "Where", n -> n.size() == 1, PLACED);
            ServeCluster.Node victim = workers.stream().filter(w -> w.id().equals(on.getFirst())).findFirst()
                    .orElseThrow(() -> new IllegalStateException("the where replica runs on " + on + ", not on a"
                            + " worker " + workers.stream().map(ServeCluster.Node::id).toList() + " (the head is "
                            + head.id() + ")"));
            ServeCluster.Node survivor = workers.get(workers.indexOf(victim) == 0 ? 1 : 0);
            long kill;
            Long running = null;
            PacedLoad load = PacedLoad.start(head.proxyPort(), KeepAliveConnection.get(head.proxyPort(), "/where"),
                    Duration.ofMillis(INTERVAL_MS), READ_TIMEOUT);
            try {
                Thread.sleep(Duration.ofSeconds(STEADY_S));
                if (!load.answered(victim.id()::equals)) {
                    throw new IllegalStateException("no request through the head's proxy was answered by the replica"
                            + " on " + victim.id() + " in " + STEADY_S + " s of steady load: " + load.outcomes().size()
                            + " requests");
                }
                ServeCluster.note("killing %s (node %s), which runs the replica", victim.name(), victim.id());
                kill = System.nanoTime();
                victim.kill();
                long deadline = kill + Duration.ofSeconds(WATCH_S).toNanos();
                while (System.nanoTime() < deadline) {
                    if (running == null) {
                        List<String> now = ServeCluster.runningNodes(cluster.deployment("where", "Where"));
                        if (now.size() == 1 && !now.contains(victim.id())) {
                            running = System.nanoTime();
                            ServeCluster.note("RUNNING again on %s after %.2f s", now, (running - kill) / 1e9);
                        }
                    }
                    if (running != null && load.answered(body -> !body.strip().equals(victim.id()))) {
                        break;
                    }
                    Thread.sleep(50);
                }
                Thread.sleep(TAIL_MS);
            } finally {
                load.close();
            }
            // Closed: every request that was in flight has its outcome now.
            ObjectNode result = FailoverTimeline.summarize(kill, running, victim.id(), load.outcomes());
            result.put("lost_node", victim.id()).put("survivor_node", survivor.id()).put("head_node", head.id());
            ServeCluster.note("run %s: %s", prefix, result);
            return result;
        }
    }
}
