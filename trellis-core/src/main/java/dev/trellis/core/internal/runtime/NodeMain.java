package dev.trellis.core.internal.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trellis.core.Resources;
import dev.trellis.core.TrellisOptions;
import dev.trellis.core.internal.cluster.FailureDetectorOptions;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * A cluster node process: {@code --head --cluster-port P} or {@code --address HOST:PORT}, with
 * {@code --num-cpus N}, {@code --num-gpus N}, {@code --resources JSON}, {@code --host HOST} (the
 * cluster address it binds), {@code --data-port P} (the data channel's port for big objects; default
 * a free one), {@code --cluster-keys DIR} (TLS; default {@code $TRELLIS_CLUSTER_KEYS}),
 * {@code --metrics-port P} (serve the node's Prometheus metrics on 127.0.0.1:P/metrics, 0 for a
 * free port; none without it; the node advertises it as its {@code metrics} endpoint), and the failure detector's timing {@code --heartbeat-interval D},
 * {@code --heartbeat-pause D} and {@code --stable-after D} (e.g. {@code 200ms}, {@code 1s};
 * defaults 1 s, 3 s and 7 s; see {@link FailureDetectorOptions}). Once up it prints
 * {@code trellis node ID metrics at URL} (with a metrics port) and then one line
 * {@code trellis node ID ready at HOST:PORT (role)}, and runs until it is stopped (SIGTERM: it
 * leaves the cluster gracefully).
 */
public final class NodeMain {
    private NodeMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--head")) {
                opts.put("head", "true");
            } else if (a.startsWith("--") && i + 1 < args.length) {
                opts.put(a.substring(2), args[++i]);
            } else {
                System.err.println("unknown argument '" + a + "'");
                System.exit(2);
            }
        }
        var services = new java.util.ArrayList<dev.trellis.core.internal.NodeService>();
        java.util.ServiceLoader.load(dev.trellis.core.internal.NodeService.class).forEach(services::add);
        var known = new java.util.HashSet<>(CORE_OPTIONS);
        services.forEach(s -> known.addAll(s.optionNames()));
        for (String name : opts.keySet()) {
            if (!known.contains(name)) {
                System.err.println("unknown option '--" + name + "'; options: " + new java.util.TreeSet<>(known));
                System.exit(2);
            }
        }
        var b = TrellisOptions.builder();
        Resources machine = Resources.ofThisMachine();
        b.numCpus(Double.parseDouble(opts.getOrDefault("num-cpus", String.valueOf(machine.cpus()))));
        b.numGpus(Double.parseDouble(opts.getOrDefault("num-gpus", "0")));
        if (opts.containsKey("resources")) {
            @SuppressWarnings("unchecked")
            Map<String, Number> custom = new ObjectMapper().readValue(opts.get("resources"), Map.class);
            b.customResources(custom);
        }
        if (opts.containsKey("host")) {
            b.host(opts.get("host"));
        }
        String keys = opts.getOrDefault("cluster-keys", System.getenv(dev.trellis.core.Trellis.CLUSTER_KEYS_ENV));
        if (keys != null && !keys.isBlank()) {
            b.clusterKeys(java.nio.file.Path.of(keys.trim()));
        }
        if (opts.containsKey("data-port")) {
            b.dataPort(Integer.parseInt(opts.get("data-port")));
        }
        if (opts.containsKey("object-store-bytes")) {
            b.objectStoreBytes(Long.parseLong(opts.get("object-store-bytes")));
        }
        // Bound before the node starts, so a taken port fails the process before it joins the cluster.
        NodeMetricsEndpoint metrics = null;
        if (opts.containsKey("metrics-port")) {
            try {
                metrics = NodeMetricsEndpoint.start(metricsPort(opts.get("metrics-port")));
            } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
                System.err.println(e.getMessage());
                System.exit(1);
            }
        }
        FailureDetectorOptions failureDetector = null;
        try {
            failureDetector = FailureDetectorOptions.of(opts);
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        }
        boolean head = opts.containsKey("head");
        CoreRuntime runtime;
        String role;
        if (head) {
            b.port(Integer.parseInt(opts.getOrDefault("cluster-port", "6380")));
            runtime = NodeRuntimes.head(b.build(), failureDetector);
            role = "head";
        } else {
            String address = opts.get("address");
            if (address == null) {
                System.err.println("a worker node needs --address HOST:PORT of the head (or --head to start one)");
                System.exit(2);
            }
            b.address(address);
            b.port(Integer.parseInt(opts.getOrDefault("cluster-port", "0")));
            runtime = NodeRuntimes.join(b.build(), "worker", failureDetector);
            role = "worker";
        }
        CoreRuntimes.install(runtime);
        NodeMetricsEndpoint endpoint = metrics;
        var stopped = new CountDownLatch(1);
        var stopping = new java.util.concurrent.atomic.AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping.set(true);
            for (var service : services.reversed()) {
                try {
                    service.close();
                } catch (RuntimeException e) {
                    System.err.println("stopping " + service.getClass().getName() + " failed: " + e);
                }
            }
            if (endpoint != null) {
                endpoint.close();
            }
            CoreRuntimes.stop();
            stopped.countDown();
        }));
        NodeRuntime node = (NodeRuntime) runtime;
        if (metrics != null) {
            node.advertise("metrics", metrics.url());
        }
        // A node the cluster removed (downed by the split brain resolver after a partition or a long
        // pause) cannot rejoin under its old identity: it exits, rather than serve on with stale state.
        node.actorSystem().getWhenTerminated().whenComplete((done, failure) -> {
            if (!stopping.get()) {
                System.err.println("trellis node " + node.nodeId() + " was removed from the cluster (its actor system"
                        + " terminated); exiting");
                Thread.ofPlatform().start(() -> System.exit(3));
            }
        });
        for (var service : services) {
            try {
                service.start(node, java.util.Collections.unmodifiableMap(opts));
            } catch (RuntimeException e) {
                System.err.println("Failed: " + service.getClass().getSimpleName() + " could not start: " + e.getMessage());
                System.exit(e instanceof IllegalArgumentException ? 2 : 1);
            }
        }
        if (metrics != null) {
            System.out.println("trellis node " + runtime.nodeId() + " metrics at " + metrics.url());
        }
        System.out.println("trellis node " + runtime.nodeId() + " ready at " + b.build().host() + ":" + node.clusterPort
                + " (" + role + ")");
        System.out.flush();
        stopped.await();
    }

    /** The options the node itself reads; services add theirs ({@link dev.trellis.core.internal.NodeService#optionNames}). */
    private static final java.util.Set<String> CORE_OPTIONS = java.util.Set.of("head", "address", "cluster-port",
            "num-cpus", "num-gpus", "resources", "host", "cluster-keys", "object-store-bytes", "metrics-port", "data-port",
            FailureDetectorOptions.HEARTBEAT_INTERVAL, FailureDetectorOptions.HEARTBEAT_PAUSE,
            FailureDetectorOptions.STABLE_AFTER);

    private static int metricsPort(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            System.err.println("--metrics-port must be a port number (0 to 65535; 0 picks a free one), was '" + value + "'");
            System.exit(2);
            return -1;
        }
    }
}
