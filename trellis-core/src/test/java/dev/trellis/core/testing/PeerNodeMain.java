package dev.trellis.core.testing;

import com.typesafe.config.ConfigFactory;
import dev.trellis.core.Resources;
import dev.trellis.core.internal.cluster.ClusterOptions;
import dev.trellis.core.internal.cluster.ClusterPeers;
import dev.trellis.core.internal.cluster.NodeMessage;
import dev.trellis.core.internal.cluster.NodeReport;
import dev.trellis.core.internal.cluster.PeerListener;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A cluster node in a child JVM for multi-JVM tests. Arguments: {@code --role}, {@code --node-id},
 * {@code --port}, {@code --seed host:port}, {@code --stable-after-ms}, {@code --cpus}. Prints
 * {@code READY <nodeId> <host:port>} once Up, echoes every {@link TestMessages.Ping} back to its
 * sender, prints {@code REMOVED <nodeId>} for each removed node, and answers commands on stdin:
 * {@code register NAME LOCATION}, {@code lookup NAME}, {@code nodes}, {@code directory}.
 * Leaves the cluster and exits at {@code exit} or at the end of stdin (the test JVM is gone).
 */
public final class PeerNodeMain {
    private PeerNodeMain() {
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = parse(argv);
        var builder = ClusterOptions.builder()
                .role(args.getOrDefault("role", ClusterOptions.WORKER))
                .port(Integer.parseInt(args.getOrDefault("port", "0")))
                .seed(args.get("seed"));
        if (args.containsKey("node-id")) {
            builder.nodeId(args.get("node-id"));
        }
        if (args.containsKey("stable-after-ms")) {
            builder.stableAfter(Duration.ofMillis(Long.parseLong(args.get("stable-after-ms"))));
        }
        var options = builder.build();
        var overrides = ConfigFactory.parseMap(Map.of("trellis.serialization.registries",
                List.of(TestMessages.class.getName())));
        try (var peers = ClusterPeers.start(options, overrides)) {
            double cpus = Double.parseDouble(args.getOrDefault("cpus", "1"));
            peers.report(new NodeReport(peers.selfId(), peers.address(), options.role(), Resources.of(cpus, 0),
                    Resources.of(cpus, 0), 0, List.of(), 0, 0, 0));
            peers.listen(new Echo(peers));
            peers.whenUp().toCompletableFuture().get(30, TimeUnit.SECONDS);
            System.out.println("READY " + peers.selfId() + " " + peers.address());
            serve(peers);
        }
        System.out.println("BYE");
        System.exit(0);
    }

    private static void serve(ClusterPeers peers) throws Exception {
        var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String[] words = line.trim().split("\\s+");
            try {
                switch (words[0]) {
                    case "register" -> System.out.println("REGISTERED " + words[1] + " "
                            + peers.registerName(words[1], words[2]).toCompletableFuture().get(10, TimeUnit.SECONDS));
                    case "lookup" -> System.out.println("LOOKUP " + words[1] + " "
                            + peers.lookupName(words[1]).toCompletableFuture().get(10, TimeUnit.SECONDS).orElse("none"));
                    case "nodes" -> System.out.println("NODES " + peers.nodes().stream().map(NodeReport::nodeId)
                            .collect(Collectors.joining(",")));
                    case "directory" -> System.out.println("DIRECTORY " + peers.directoryNodeId().orElse("none"));
                    case "exit" -> {
                        return;
                    }
                    default -> System.out.println("UNKNOWN " + line);
                }
            } catch (Exception e) {
                System.out.println("FAILED " + line + " " + e);
            }
        }
    }

    private record Echo(ClusterPeers peers) implements PeerListener {
        @Override
        public void onMessage(String fromNodeId, NodeMessage message) {
            if (message instanceof TestMessages.Ping ping && !ping.text().startsWith("echo:")) {
                peers.send(fromNodeId, new TestMessages.Ping(ping.seq(), "echo:" + ping.text()));
            }
        }

        @Override
        public void onNodeRemoved(String nodeId) {
            System.out.println("REMOVED " + nodeId);
        }
    }

    private static Map<String, String> parse(String[] argv) {
        var args = new HashMap<String, String>();
        for (int i = 0; i + 1 < argv.length; i += 2) {
            if (!argv[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value, got '" + argv[i] + "'");
            }
            args.put(argv[i].substring(2), argv[i + 1]);
        }
        return args;
    }
}
