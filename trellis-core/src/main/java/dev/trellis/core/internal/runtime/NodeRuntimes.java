package dev.trellis.core.internal.runtime;

import dev.trellis.core.TrellisOptions;
import dev.trellis.core.internal.cluster.ClusterKeys;
import dev.trellis.core.internal.cluster.ClusterPeers;
import dev.trellis.core.internal.cluster.FailureDetectorOptions;
import dev.trellis.core.internal.cluster.NodeReport;
import dev.trellis.core.internal.cluster.TlsOptions;
import java.time.Duration;
import java.util.List;

/** Starts cluster nodes: a head (which seeds the cluster), a worker or a driver joining one. */
public final class NodeRuntimes {
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(30);

    private NodeRuntimes() {
    }

    /** A head node listening on {@code options.port()} (which must be set). */
    public static CoreRuntime head(TrellisOptions options) {
        return head(options, FailureDetectorOptions.DEFAULTS);
    }

    /** As above, with the failure detector's timing {@code failureDetector} (give every node the same). */
    public static CoreRuntime head(TrellisOptions options, FailureDetectorOptions failureDetector) {
        if (options.port() == 0) {
            throw new IllegalArgumentException("a head node needs a fixed cluster port (--cluster-port), was 0");
        }
        return start(options, "head", null, failureDetector);
    }

    /** A worker ({@code role} "worker") or driver ("driver") joining the cluster at {@code options.address()}. */
    public static NodeRuntime join(TrellisOptions options, String role) {
        return join(options, role, FailureDetectorOptions.DEFAULTS);
    }

    /** As above, with the failure detector's timing {@code failureDetector} (give every node the same). */
    public static NodeRuntime join(TrellisOptions options, String role, FailureDetectorOptions failureDetector) {
        return start(options, role, options.address(), failureDetector);
    }

    /** Waits until the directory has told this node of at least one head or worker (its report, not just membership). */
    private static boolean awaitServerReport(ClusterPeers peers, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (peers.nodes().stream().anyMatch(r -> !r.nodeId().equals(peers.selfId()) && !"driver".equals(r.role()))) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    private static NodeRuntime start(TrellisOptions options, String role, String seed,
            FailureDetectorOptions failureDetector) {
        String nodeId = NodeRuntime.newNodeId();
        var initial = new NodeReport(nodeId, options.host() + ":" + options.port(), role, options.resources(),
                options.resources(), 0, List.of(), 0, 0, 0);
        ClusterPeers[] peers = new ClusterPeers[1];
        TlsOptions tls = options.clusterKeys() == null ? null : ClusterKeys.load(options.clusterKeys());
        NodeRuntime runtime = NodeRuntime.create(nodeId, options, role, rt -> {
            peers[0] = new ClusterPeers(nodeId, role, options.host(), options.port(), seed, initial, tls,
                    failureDetector);
            rt.clusterPort = peers[0].port();
            return peers[0];
        });
        if (seed != null) {
            try {
                if (!peers[0].awaitMembers(2, JOIN_TIMEOUT) || !awaitServerReport(peers[0], JOIN_TIMEOUT)) {
                    runtime.shutdown();
                    throw new IllegalStateException("cannot join the Trellis cluster at " + seed + " within "
                            + JOIN_TIMEOUT.toSeconds() + " s: is a head node running there?"
                            + " (start one with ./trellis start --head)");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                runtime.shutdown();
                throw new IllegalStateException("interrupted while joining " + seed, e);
            }
        }
        return runtime;
    }
}
