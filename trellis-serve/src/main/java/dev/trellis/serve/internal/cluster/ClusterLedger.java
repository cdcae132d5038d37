package dev.trellis.serve.internal.cluster;

import dev.trellis.core.NodeInfo;
import dev.trellis.core.Resources;
import dev.trellis.core.internal.NodeAgent;
import dev.trellis.serve.internal.controller.ReplicaLedger;
import dev.trellis.serve.internal.controller.ResourceLedger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Replicas' resources across a cluster, and the node each replica goes to. Placement is Ray
 * Serve's default: a deployment's replicas are spread over the nodes that have room (fewest of
 * its replicas first, then fewest replicas of any deployment, then the controller's own node), at most
 * {@code max_replicas_per_node} of them on one node. On the controller's node the resources are
 * taken from the node's ledger at once; on another node this ledger counts them against the
 * node's last report and that node's replica host takes them when it starts the replica, and
 * refuses if they went to other work in between (the replica then waits to be placed again).
 * Deployments whose code cannot cross nodes (function deployments, arguments Core cannot
 * encode) are {@link #pinLocal pinned} to the controller's node. Single-owner (the controller).
 */
public final class ClusterLedger implements ReplicaLedger {
    private final NodeAgent node;
    /** The nodes that run a replica host the controller can reach (besides its own node). */
    private Set<String> hosts = Set.of();
    private final Map<String, Placed> placed = new HashMap<>();
    private final Set<String> pinned = new HashSet<>();
    /** Nodes the failure detector lost: no replica is placed there until they are reachable again. */
    private final Set<String> unreachable = new HashSet<>();

    private record Placed(String nodeId, Resources need, NodeAgent.Reservation local) {
    }

    public ClusterLedger(NodeAgent node) {
        this.node = node;
    }

    /** The nodes whose replica hosts the controller can reach now. */
    public void hostsChanged(Set<String> nodeIds) {
        hosts = Set.copyOf(nodeIds);
    }

    /** The failure detector lost {@code nodeId} (true) or found it again (false). */
    public void reachability(String nodeId, boolean reachable) {
        if (reachable) {
            unreachable.remove(nodeId);
        } else {
            unreachable.add(nodeId);
        }
    }

    /** The id of the node whose cluster address is {@code hostPort}, or null if no report names it yet. */
    public String nodeAt(String hostPort) {
        for (NodeInfo info : node.nodes()) {
            if (info.address().equals(hostPort)) {
                return info.nodeId();
            }
        }
        return null;
    }

    /** Keeps the replicas of {@code deploymentId} ("app#deployment") on the controller's node, or lets them go anywhere. */
    public void pinLocal(String deploymentId, boolean local) {
        if (local) {
            pinned.add(deploymentId);
        } else {
            pinned.remove(deploymentId);
        }
    }

    @Override
    public boolean tryReserve(String replicaId, Resources need, int maxPerNode) {
        if (placed.containsKey(replicaId)) {
            return true;
        }
        String deployment = deploymentOf(replicaId);
        for (Candidate c : candidates(deployment)) {
            if (maxPerNode > 0 && c.replicasOfDeployment >= maxPerNode) {
                continue;
            }
            if (c.local) {
                NodeAgent.Reservation r = node.tryReserve(ResourceLedger.HOLDER, need);
                if (r != null) {
                    placed.put(replicaId, new Placed(c.info.nodeId(), need, r));
                    return true;
                }
            } else if (need.fitsIn(c.free)) {
                placed.put(replicaId, new Placed(c.info.nodeId(), need, null));
                return true;
            }
        }
        return false;
    }

    /** The controller's own node. */
    public String localNodeId() {
        return node.nodeId();
    }

    /** Records a replica that already runs on {@code nodeId} (adopted; its host holds its resources). */
    public void adopt(String replicaId, String nodeId, Resources need) {
        placed.putIfAbsent(replicaId, new Placed(nodeId, need, null));
    }

    @Override
    public void release(String replicaId) {
        Placed p = placed.remove(replicaId);
        if (p != null && p.local != null) {
            p.local.release();
        }
    }

    @Override
    public boolean fitsNow(Resources need) {
        return candidates(null).stream().anyMatch(c -> need.fitsIn(c.free));
    }

    @Override
    public String shortage(Resources need) {
        var parts = new ArrayList<String>();
        for (Candidate c : candidates(null)) {
            parts.add(c.info.nodeId() + " has " + c.free + " free of " + c.info.total());
        }
        return parts.isEmpty() ? "no node can host replicas" : "no node has room (" + String.join("; ", parts) + ")";
    }

    @Override
    public String remoteNode(String replicaId) {
        Placed p = placed.get(replicaId);
        return p == null || p.local != null ? null : p.nodeId;
    }

    @Override
    public String nodeOf(String replicaId) {
        Placed p = placed.get(replicaId);
        return p == null ? null : p.nodeId;
    }

    /** The replicas placed on {@code nodeId}. */
    public List<String> replicasOn(String nodeId) {
        return placed.entrySet().stream().filter(e -> e.getValue().nodeId.equals(nodeId)).map(Map.Entry::getKey).toList();
    }

    private record Candidate(NodeInfo info, boolean local, Resources free, int replicasOfDeployment, int replicas) {
    }

    /** Nodes that may take a replica of {@code deployment} (null: any), best first. */
    private List<Candidate> candidates(String deployment) {
        String self = node.nodeId();
        boolean localOnly = deployment != null && pinned.contains(deployment);
        var out = new ArrayList<Candidate>();
        for (NodeInfo info : node.nodes()) {
            boolean local = info.nodeId().equals(self);
            if (!local && (localOnly || !hosts.contains(info.nodeId()) || unreachable.contains(info.nodeId()))) {
                continue;
            }
            Resources free = local ? node.available() : remoteFree(info);
            int count = 0;
            int all = 0;
            for (var e : placed.entrySet()) {
                if (e.getValue().nodeId.equals(info.nodeId())) {
                    all++;
                    if (deploymentOf(e.getKey()).equals(deployment)) {
                        count++;
                    }
                }
            }
            out.add(new Candidate(info, local, free, count, all));
        }
        out.sort(Comparator.comparingInt(Candidate::replicasOfDeployment)
                .thenComparingInt(Candidate::replicas)
                .thenComparing(c -> !c.local)
                .thenComparing(c -> -c.free.cpus())
                .thenComparing(c -> c.info.nodeId()));
        return out;
    }

    /**
     * A remote node's free resources: its last report, but never more than its total less what
     * this ledger placed there (a report may predate the latest placements).
     */
    private Resources remoteFree(NodeInfo info) {
        Resources ours = Resources.NONE;
        for (Placed p : placed.values()) {
            if (p.nodeId.equals(info.nodeId())) {
                ours = ours.plus(p.need);
            }
        }
        Resources bound = info.total().minus(ours);
        return new Resources(Math.min(info.available().cpus(), bound.cpus()),
                Math.min(info.available().gpus(), bound.gpus()), minCustom(info.available(), bound));
    }

    private static Map<String, Double> minCustom(Resources a, Resources b) {
        var out = new HashMap<String, Double>();
        for (var e : a.custom().entrySet()) {
            out.put(e.getKey(), Math.max(0, Math.min(e.getValue(), b.custom().getOrDefault(e.getKey(), 0.0))));
        }
        return out;
    }

    private static String deploymentOf(String replicaId) {
        int last = replicaId.lastIndexOf('#');
        return last < 0 ? replicaId : replicaId.substring(0, last);
    }
}
