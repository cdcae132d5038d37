package dev.trellis.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trellis.bench.CoreBenchmark.Measured;
import dev.trellis.core.ActorHandle;
import dev.trellis.core.NodeInfo;
import dev.trellis.core.ObjectRef;
import dev.trellis.core.Resources;
import dev.trellis.core.SchedulingStrategy;
import dev.trellis.core.TaskOptions;
import dev.trellis.core.Trellis;
import dev.trellis.core.TrellisOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Trellis Core across two JVMs on 127.0.0.1: this JVM is a driver ({@code Trellis.init(
 * TrellisOptions.connect(...))}: no CPUs, it runs no tasks) joined to a head node that it starts
 * as a child JVM ({@link CoreClusterNode}: {@code NodeMain --head} plus a raw socket server in the
 * same JVM). Every task is pinned to the head (hard node affinity), so each one is submitted
 * here, runs there and its result comes back here: the path of Ray's microbenchmark, whose driver
 * talks to a raylet and worker processes. Each Trellis figure is next to a raw-TCP baseline
 * between the same two JVMs, measured right after it:
 *
 * <ul>
 *   <li>empty tasks, {@value CoreBenchmark#BATCH} submitted then all gotten, {@code num_cpus} 1
 *       and 0 ({@code single_client_tasks_async}), vs as many {@value CoreClusterNode#FRAME}-byte
 *       frames written one write each on one TCP connection, echoed by the other JVM, and all read
 *       back: the least a request and its answer cost between two JVMs;</li>
 *   <li>an empty task one at a time ({@code single_client_tasks_sync}), vs one echoed frame at a time;</li>
 *   <li>1:1 actor calls ({@code 1_1_actor_calls_sync}, {@code _async}) to an actor placed on the head
 *       (soft node affinity), measured only when the actor does run there: see {@link #actorCalls};</li>
 *   <li>a {@value #PAYLOAD_MIB} MiB {@code byte[]} moved head to driver (a task on the head returns
 *       it; timed from submission until {@code get} returns here) and driver to head (a fresh
 *       {@code put} of it passed to a task on the head that returns its length), vs the same bytes
 *       sent over one TCP connection between the same two JVMs into a new {@code byte[]}.</li>
 * </ul>
 *
 * <p>The CPU-bound figures are to be read with the embedded ones of {@link CoreBenchmark}, which
 * {@link CoreScenario} runs first: the report divides each by its embedded counterpart. Run as
 * {@code CoreClusterBenchmark --logs DIR [--quick]}; prints one {@value #RESULT}JSON line.
 */
public final class CoreClusterBenchmark {
    static final String RESULT = "RESULT ";
    /** The bulk payload, as the issue asks: 1 GiB. */
    static final int PAYLOAD_MIB = 1024;
    static final int PAYLOAD_BYTES = PAYLOAD_MIB << 20;
    /**
     * Both JVMs' heaps: a node holds the payload, an encoded copy and a receive buffer at once. All of
     * it committed from the start (-Xms), so that the collector does not shrink the heap after a
     * move and the next one page-faults fresh memory in again (slow on a virtual machine).
     */
    static final List<String> HEAP = List.of("-Xms6g", "-Xmx6g");
    /** Object store budgets above a few payloads, so no moved copy is spilled to disk mid-measurement. */
    static final long OBJECT_STORE_BYTES = 4L << 30;
    private static final Duration START = Duration.ofSeconds(90);
    private static final long STARTED = System.nanoTime();
    /**
     * Untimed moves each way before the timed ones: the first in a fresh pair of JVMs also pays for
     * compiling the path and faulting the heap's pages in (seconds on a virtual machine); the
     * second still runs slower than the ones after it.
     */
    private static final int WARM_UP_MOVES = 2;
    /** Tasks in the probe batch that sizes the num_cpus=1 batches ({@link #batchFor}). */
    private static final int PROBE = 16;
    private static final Duration GET = Duration.ofSeconds(120);
    private static final Pattern READY = Pattern.compile("(\\S+) ready at (\\S+) \\((\\w+)\\)");

    private CoreClusterBenchmark() {
    }

    /** The actor of the cross-JVM actor calls: Ray's {@code Actor.small_value}, and where it runs. */
    public static final class Echo {
        public String smallValue() {
            return "ok";
        }

        public String node() {
            return Trellis.nodeId();
        }
    }

    public static void main(String[] args) throws Exception {
        boolean quick = List.of(args).contains("--quick");
        Path logs = BenchSettings.logDirOf(args);
        Duration warmUp = quick ? Duration.ofSeconds(1) : Duration.ofSeconds(2);
        Duration phase = quick ? Duration.ofSeconds(2) : Duration.ofSeconds(4);
        int transfers = quick ? 1 : 3;
        int cores = Runtime.getRuntime().availableProcessors();
        int clusterPort = freePort();
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("cores", cores).put("batch", CoreBenchmark.BATCH).put("warm_up_s", warmUp.toSeconds())
                .put("phase_s", phase.toSeconds()).put("payload_bytes", PAYLOAD_BYTES)
                .put("transfers_per_direction", transfers).put("heap", String.join(" ", HEAP))
                .put("object_store_bytes", OBJECT_STORE_BYTES);
        List<String> headArgs = List.of("--payload-bytes", String.valueOf(PAYLOAD_BYTES), "--head", "--cluster-port",
                String.valueOf(clusterPort), "--num-cpus", String.valueOf(cores), "--object-store-bytes",
                String.valueOf(OBJECT_STORE_BYTES));
        try (JvmProcess head = JvmProcess.start("core-head", HEAP, CoreClusterNode.class, headArgs,
                logs)) {
            int rawPort = Integer.parseInt(head.awaitLine(CoreClusterNode.RAW_READY, START).strip());
            Matcher ready = READY.matcher(head.awaitLine("trellis node ", START));
            if (!ready.find()) {
                throw new IllegalStateException("the head's ready line has no node id; see " + head.log());
            }
            String headId = ready.group(1);
            out.put("head_node", headId).put("head_address", ready.group(2));
            note("head node %s ready at %s", headId, ready.group(2));
            Trellis.init(TrellisOptions.builder().address("127.0.0.1:" + clusterPort).resources(Resources.NONE)
                    .objectStoreBytes(OBJECT_STORE_BYTES).build());
            try {
                awaitHead(headId);
                out.put("driver_node", Trellis.nodeId());
                measure(out, headId, rawPort, warmUp, phase, transfers);
            } finally {
                note("shutting down");
                Trellis.shutdown();
            }
        }
        note("stopped");
        System.out.println(RESULT + out);
    }

    private static void measure(ObjectNode out, String headId, int rawPort, Duration warmUp, Duration phase,
            int transfers) throws Exception {
        ArrayNode comparisons = out.putArray("comparisons");
        SchedulingStrategy onHead = SchedulingStrategy.nodeAffinity(headId, false);
        TaskOptions oneCpu = TaskOptions.builder().schedulingStrategy(onHead).build();
        TaskOptions noCpu = TaskOptions.builder().numCpus(0).schedulingStrategy(onHead).build();
        String where = Trellis.task(CoreClusterBenchmark::nodeOfTask).options(oneCpu).remote().get(GET);
        if (!where.equals(headId)) {
            throw new IllegalStateException("a task pinned to the head ran on node " + where);
        }
        try (SocketChannel echo = connect(rawPort)) {
            int batch = CoreBenchmark.BATCH;
            int batch1 = batchFor(oneCpu, phase);
            Measured tasks1 = CoreBenchmark.batches("Trellis task on the other JVM, num_cpus=1", batch1,
                    () -> taskBatch(oneCpu, batch1), warmUp, phase);
            Measured tasks0 = CoreBenchmark.batches("Trellis task on the other JVM, num_cpus=0", batch,
                    () -> taskBatch(noCpu, batch), warmUp, phase);
            Measured raw = CoreBenchmark.batches("raw TCP: " + batch + " echoed " + CoreClusterNode.FRAME
                    + "-byte frames", batch, () -> echoBatch(echo, batch), warmUp, phase);
            comparisons.add(CoreBenchmark.comparison("empty tasks across JVMs, " + batch1
                    + " submitted then all gotten (num_cpus=1)", "single_client_tasks_async", tasks1, raw)
                    .put("batch", batch1));
            comparisons.add(CoreBenchmark.comparison("empty tasks across JVMs, " + batch
                    + " submitted then all gotten (num_cpus=0)", "single_client_tasks_async", tasks0, raw)
                    .put("batch", batch));
            Measured taskSync = CoreBenchmark.calls("Trellis task on the other JVM, num_cpus=1",
                    () -> CoreBenchmark.check(Trellis.task(CoreBenchmark::smallValue).options(oneCpu).remote()
                            .get(GET)), warmUp, phase);
            Measured rawSync = CoreBenchmark.calls("raw TCP: one echoed " + CoreClusterNode.FRAME + "-byte frame",
                    () -> echoBatch(echo, 1), warmUp, phase);
            comparisons.add(CoreBenchmark.comparison("empty task round trip across JVMs, one at a time (num_cpus=1)",
                    "single_client_tasks_sync", taskSync, rawSync));
            actorCalls(out, comparisons, headId, echo, warmUp, phase);
        }
        note("task and actor phases done");
        out.set("transfers", transfers(headId, rawPort, transfers));
    }

    /**
     * 1:1 actor calls from this JVM to an actor on the head, next to the same raw-TCP echo as the
     * tasks. The actor is asked for with soft affinity to the head and measured only if it does run
     * there; today actors run on the node that creates them, so it lands on this driver and the
     * report says so ({@code actor_calls.measured} false, with the node it ran on). When actors can be
     * placed on other nodes, the same code measures them across JVMs with no change.
     */
    private static void actorCalls(ObjectNode out, ArrayNode comparisons, String headId, SocketChannel echo,
            Duration warmUp, Duration phase) throws Exception {
        ObjectNode status = out.putObject("actor_calls");
        ActorHandle<Echo> actor = Trellis.actor(Echo::new)
                .options(o -> o.schedulingStrategy(SchedulingStrategy.nodeAffinity(headId, true))).remote();
        try {
            String node = actor.task(Echo::node).remote().get(GET);
            status.put("actor_node", node).put("measured", node.equals(headId));
            if (!node.equals(headId)) {
                status.put("reason", "the actor, asked for on the head (soft node affinity), runs on node " + node
                        + (node.equals(Trellis.nodeId()) ? ", this driver: actors run on the node that creates them"
                        : ""));
                note("actor calls across JVMs not measured: %s", status.path("reason").asText());
                return;
            }
            int batch = CoreBenchmark.BATCH;
            Measured sync = CoreBenchmark.calls("Trellis actor on the other JVM",
                    () -> CoreBenchmark.check(actor.task(Echo::smallValue).remote().get(GET)), warmUp, phase);
            Measured rawSync = CoreBenchmark.calls("raw TCP: one echoed " + CoreClusterNode.FRAME + "-byte frame",
                    () -> echoBatch(echo, 1), warmUp, phase);
            comparisons.add(CoreBenchmark.comparison("1:1 actor call round trip across JVMs, one at a time",
                    "1_1_actor_calls_sync", sync, rawSync));
            Measured async = CoreBenchmark.batches("Trellis actor on the other JVM", batch, () -> {
                var refs = new ArrayList<ObjectRef<String>>(batch);
                for (int i = 0; i < batch; i++) {
                    refs.add(actor.task(Echo::smallValue).remote());
                }
                for (ObjectRef<String> r : refs) {
                    CoreBenchmark.check(r.get(GET));
                }
            }, warmUp, phase);
            Measured rawBatch = CoreBenchmark.batches("raw TCP: " + batch + " echoed " + CoreClusterNode.FRAME
                    + "-byte frames", batch, () -> echoBatch(echo, batch), warmUp, phase);
            comparisons.add(CoreBenchmark.comparison("1:1 actor calls across JVMs, " + batch + " in flight",
                    "1_1_actor_calls_async", async, rawBatch));
        } finally {
            Trellis.kill(actor);
        }
    }

    /**
     * The batch of the timed phase: {@value CoreBenchmark#BATCH} (Ray's), or, where a probe batch of
     * {@value #PROBE} shows that fewer would finish within one phase, what would (at least the
     * probe's size), so a slow path still gives a figure in bounded time.
     */
    private static int batchFor(TaskOptions options, Duration phase) {
        long t0 = System.nanoTime();
        taskBatch(options, PROBE);
        double perSecond = PROBE / ((System.nanoTime() - t0) / 1e9);
        int batch = (int) Math.max(PROBE, Math.min(CoreBenchmark.BATCH, perSecond * phase.toMillis() / 1000.0));
        if (batch < CoreBenchmark.BATCH) {
            note("num_cpus=%.0f tasks across JVMs: %.0f/s in a probe of %d, so batches of %d",
                    options.resources().cpus(), perSecond, PROBE, batch);
        }
        return batch;
    }

    /** The task that says where it ran. */
    public static String nodeOfTask() {
        return Trellis.nodeId();
    }

    private static void taskBatch(TaskOptions options, int batch) {
        var refs = new ArrayList<ObjectRef<String>>(batch);
        for (int i = 0; i < batch; i++) {
            refs.add(Trellis.task(CoreBenchmark::smallValue).options(options).remote());
        }
        for (ObjectRef<String> r : refs) {
            CoreBenchmark.check(r.get(GET));
        }
    }

    /** Writes {@code frames} frames (one write each, the command in the first), then reads all their echoes. */
    private static void echoBatch(SocketChannel channel, int frames) throws IOException {
        ByteBuffer first = ByteBuffer.allocate(9 + CoreClusterNode.FRAME).put(0, (byte) 'E').putLong(1, frames)
                .putInt(9, 0);
        CoreClusterNode.writeFully(channel, first);
        ByteBuffer frame = ByteBuffer.allocate(CoreClusterNode.FRAME);
        for (int i = 1; i < frames; i++) {
            frame.clear().putInt(0, i);
            CoreClusterNode.writeFully(channel, frame);
        }
        ByteBuffer back = ByteBuffer.allocate(CoreClusterNode.FRAME * frames);
        if (!CoreClusterNode.readFully(channel, back)) {
            throw new IOException("the raw socket server closed the connection");
        }
        if (back.getInt(CoreClusterNode.FRAME * (frames - 1)) != frames - 1) {
            throw new IOException("the raw socket server echoed the wrong frame");
        }
    }

    /** One timed move of the payload. */
    private record Transfer(String target, String direction, double seconds) {
        double gbPerSecond() {
            return PAYLOAD_BYTES / seconds / 1e9;
        }
    }

    private interface Move {
        double seconds() throws Exception;
    }

    /**
     * The payload moved head to driver and driver to head, by Trellis and by raw TCP in turn:
     * {@value #WARM_UP_MOVES} untimed moves each, then {@code runs} timed ones each, alternating; the
     * figure is bytes over the summed times.
     */
    private static ArrayNode transfers(String headId, int rawPort, int runs) throws Exception {
        TaskOptions onHead = TaskOptions.builder().schedulingStrategy(SchedulingStrategy.nodeAffinity(headId, false))
                .build();
        byte[] local = CoreClusterNode.filled(PAYLOAD_BYTES);
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        try (SocketChannel raw = connect(rawPort)) {
            Move trellisIn = () -> {
                long t0 = System.nanoTime();
                byte[] got = Trellis.task(CoreClusterNode::payload).options(onHead).remote().get(GET);
                double s = (System.nanoTime() - t0) / 1e9;
                CoreClusterNode.verify(got, PAYLOAD_BYTES);
                return s;
            };
            Move rawIn = () -> {
                long t0 = System.nanoTime();
                CoreClusterNode.writeFully(raw, ByteBuffer.allocate(9).put(0, (byte) 'S').putLong(1, PAYLOAD_BYTES));
                byte[] got = new byte[PAYLOAD_BYTES];
                if (!CoreClusterNode.readFully(raw, ByteBuffer.wrap(got))) {
                    throw new IOException("the raw socket server closed the connection");
                }
                double s = (System.nanoTime() - t0) / 1e9;
                CoreClusterNode.verify(got, PAYLOAD_BYTES);
                return s;
            };
            Move trellisOut = () -> {
                long t0 = System.nanoTime();
                // A fresh put each time: the head keeps a copy of an object it fetched while the ref lives.
                long n = Trellis.task(CoreClusterNode::length, Trellis.put(local)).options(onHead).remote().get(GET);
                double s = (System.nanoTime() - t0) / 1e9;
                if (n != PAYLOAD_BYTES) {
                    throw new IllegalStateException("the head got " + n + " bytes, not " + PAYLOAD_BYTES);
                }
                return s;
            };
            Move rawOut = () -> {
                long t0 = System.nanoTime();
                CoreClusterNode.writeFully(raw, ByteBuffer.allocate(9).put(0, (byte) 'R').putLong(1, PAYLOAD_BYTES));
                CoreClusterNode.writeFully(raw, ByteBuffer.wrap(local));
                ByteBuffer ack = ByteBuffer.allocate(8);
                if (!CoreClusterNode.readFully(raw, ack) || ack.getLong(0) != PAYLOAD_BYTES) {
                    throw new IOException("the raw socket server did not acknowledge " + PAYLOAD_BYTES + " bytes");
                }
                return (System.nanoTime() - t0) / 1e9;
            };
            out.add(direction("head to driver (a task's return value)", "a task on the head returns it; get here",
                    "raw TCP: the head's socket server sends it; read here into a new byte[]", trellisIn, rawIn, runs));
            out.add(direction("driver to head (a task's argument)", "put here, passed to a task on the head",
                    "raw TCP: sent from here; the head reads it into a new byte[] and acknowledges", trellisOut, rawOut,
                    runs));
        }
        return out;
    }

    private static ObjectNode direction(String direction, String trellisTarget, String rawTarget, Move trellis,
            Move raw, int runs) throws Exception {
        List<Double> rawWarmUp = new ArrayList<>();
        List<Double> trellisWarmUp = new ArrayList<>();
        for (int i = 0; i < WARM_UP_MOVES; i++) {
            settle();
            rawWarmUp.add(raw.seconds());
            settle();
            trellisWarmUp.add(trellis.seconds());
        }
        note("%s: warm-up moves took %s s (raw TCP) and %s s (Trellis)", direction, rawWarmUp, trellisWarmUp);
        List<Double> rawTimes = new ArrayList<>();
        List<Double> trellisTimes = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            settle();
            rawTimes.add(raw.seconds());
            settle();
            trellisTimes.add(trellis.seconds());
        }
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("direction", direction).put("bytes", PAYLOAD_BYTES);
        double rawGbs = rate(rawTimes);
        double trellisGbs = rate(trellisTimes);
        ObjectNode t = json.putObject("trellis").put("target", "Trellis: " + trellisTarget).put("gb_per_s", trellisGbs);
        trellisTimes.forEach(t.putArray("seconds")::add);
        trellisWarmUp.forEach(t.putArray("warm_up_seconds")::add);
        ObjectNode r = json.putObject("baseline").put("target", rawTarget).put("gb_per_s", rawGbs);
        rawTimes.forEach(r.putArray("seconds")::add);
        rawWarmUp.forEach(r.putArray("warm_up_seconds")::add);
        json.put("throughput_ratio", trellisGbs / rawGbs);
        note("%d MiB %s: Trellis %.2f GB/s vs raw TCP %.2f GB/s (%.2fx)", PAYLOAD_MIB, direction, trellisGbs, rawGbs,
                trellisGbs / rawGbs);
        return json;
    }

    /** A progress line on standard error, with the seconds since start. */
    private static void note(String format, Object... args) {
        System.err.printf(Locale.ROOT, "[%.1f s] %s%n", (System.nanoTime() - STARTED) / 1e9,
                String.format(Locale.ROOT, format, args));
    }

    /** GB (10^9 bytes) per second over the summed times. */
    private static double rate(List<Double> seconds) {
        return (double) PAYLOAD_BYTES * seconds.size() / seconds.stream().mapToDouble(Double::doubleValue).sum() / 1e9;
    }

    /** Lets the previous move's garbage (and, through the ref reaper, its copies on the head) go first. */
    private static void settle() throws InterruptedException {
        System.gc();
        Thread.sleep(300);
    }

    private static void awaitHead(String headId) throws InterruptedException {
        long deadline = System.nanoTime() + START.toNanos();
        while (Trellis.nodes().stream().map(NodeInfo::nodeId).noneMatch(headId::equals)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the driver did not see head node " + headId + " within "
                        + START.toSeconds() + " s; nodes: " + Trellis.nodes());
            }
            Thread.sleep(100);
        }
    }

    private static SocketChannel connect(int port) throws IOException {
        SocketChannel channel = SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        return channel;
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
