package dev.trellis.serve.internal.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.core.NodeInfo;
import dev.trellis.core.Resources;
import dev.trellis.core.internal.NodeAgent;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorSystem;
import org.junit.jupiter.api.Test;

class ClusterLedgerTest {
    /** The controller's node "head" (its own ledger) and the reports of the other nodes. */
    private static final class FakeNode implements NodeAgent {
        Resources total;
        Resources used = Resources.NONE;
        final List<NodeInfo> others = new ArrayList<>();
        /** The holder of each reservation taken, in order. */
        final List<String> holders = new ArrayList<>();

        FakeNode(Resources total) {
            this.total = total;
        }

        void report(String id, Resources total, Resources available) {
            others.removeIf(n -> n.nodeId().equals(id));
            others.add(new NodeInfo(id, "127.0.0.1:" + (7000 + others.size()), "worker", total, available, 0, List.of(),
                    0, 0, 0));
        }

        @Override
        public String nodeId() {
            return "head";
        }

        @Override
        public ActorSystem<Void> actorSystem() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Resources total() {
            return total;
        }

        @Override
        public boolean clustered() {
            return true;
        }

        @Override
        public String role() {
            return "head";
        }

        @Override
        public List<NodeInfo> nodes() {
            var all = new ArrayList<NodeInfo>();
            all.add(new NodeInfo("head", "127.0.0.1:6380", "head", total, available(), 0, List.of(), 0, 0, 0));
            all.addAll(others);
            return all;
        }

        @Override
        public Resources available() {
            return total.minus(used);
        }

        @Override
        public Reservation tryReserve(String holder, Resources need) {
            if (!need.fitsIn(available())) {
                return null;
            }
            holders.add(holder);
            used = used.plus(need);
            return () -> used = used.minus(need);
        }

        @Override
        public void advertise(String name, String url) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void withdraw(String name, String url) {
            throw new UnsupportedOperationException();
        }
    }

    private final FakeNode node = new FakeNode(Resources.of(2, 0));
    private final ClusterLedger ledger = new ClusterLedger(node);

    @Test
    void spreadsADeploymentsReplicasOverTheNodesThenFillsThem() {
        node.report("w1", Resources.of(2, 0), Resources.of(2, 0));
        ledger.hostsChanged(Set.of("w1"));
        Resources one = Resources.of(1, 0);

        assertThat(ledger.tryReserve("app#M#1", one, 0)).isTrue();
        assertThat(ledger.tryReserve("app#M#2", one, 0)).isTrue();
        assertThat(List.of(ledger.nodeOf("app#M#1"), ledger.nodeOf("app#M#2"))).containsExactlyInAnyOrder("head", "w1");
        assertThat(ledger.tryReserve("app#M#3", one, 0)).isTrue();
        assertThat(ledger.tryReserve("app#M#4", one, 0)).isTrue();
        // Both nodes are full now (w1's report is stale, but the ledger counts what it placed there).
        assertThat(ledger.tryReserve("app#M#5", one, 0)).isFalse();
        assertThat(ledger.fitsNow(one)).isFalse();
        assertThat(ledger.shortage(one)).contains("no node has room", "head has {CPU: 0, GPU: 0} free",
                "w1 has {CPU: 0, GPU: 0} free");
        assertThat(node.available()).isEqualTo(Resources.of(0, 0));

        ledger.release("app#M#1");
        ledger.release("app#M#2");
        assertThat(node.available()).isEqualTo(Resources.of(1, 0));
        assertThat(ledger.tryReserve("app#M#5", one, 0)).isTrue();
        // The head's own reservations are Serve's, as the node's report shows them.
        assertThat(node.holders).isNotEmpty().containsOnly("serve");
    }

    @Test
    void onlyTheControllersNodeIsLocalAndOnlyNodesWithAHostTakeReplicas() {
        node.report("w1", Resources.of(4, 0), Resources.of(4, 0));
        node.report("w2", Resources.of(4, 0), Resources.of(4, 0));
        ledger.hostsChanged(Set.of("w2"));

        for (int i = 1; i <= 4; i++) {
            assertThat(ledger.tryReserve("app#M#" + i, Resources.of(1, 0), 0)).isTrue();
        }
        var nodes = new ArrayList<String>();
        for (int i = 1; i <= 4; i++) {
            nodes.add(ledger.nodeOf("app#M#" + i));
            assertThat(ledger.remoteNode("app#M#" + i)).isEqualTo(nodes.get(i - 1).equals("head") ? null : "w2");
        }
        assertThat(nodes).containsOnly("head", "w2").doesNotContain("w1");
    }

    @Test
    void keepsAtMostMaxReplicasPerNodeOfOneDeployment() {
        node.report("w1", Resources.of(8, 0), Resources.of(8, 0));
        ledger.hostsChanged(Set.of("w1"));

        assertThat(ledger.tryReserve("app#M#1", Resources.NONE, 1)).isTrue();
        assertThat(ledger.tryReserve("app#M#2", Resources.NONE, 1)).isTrue();
        assertThat(ledger.tryReserve("app#M#3", Resources.NONE, 1)).isFalse();
        // Another deployment is not limited by M's replicas.
        assertThat(ledger.tryReserve("app#N#1", Resources.NONE, 1)).isTrue();
        assertThat(ledger.replicasOn("w1")).hasSize(ledger.nodeOf("app#N#1").equals("w1") ? 2 : 1);
    }

    @Test
    void aPinnedDeploymentStaysOnTheControllersNodeAndAReportedShortageIsRespected() {
        node.report("w1", Resources.of(8, 0), Resources.of(8, 0));
        ledger.hostsChanged(Set.of("w1"));
        ledger.pinLocal("app#F", true);

        assertThat(ledger.tryReserve("app#F#1", Resources.NONE, 0)).isTrue();
        assertThat(ledger.tryReserve("app#F#2", Resources.NONE, 0)).isTrue();
        assertThat(ledger.nodeOf("app#F#1")).isEqualTo("head");
        assertThat(ledger.nodeOf("app#F#2")).isEqualTo("head");

        // w1 reports its CPUs taken by other work: a 1-CPU replica goes to the head, then nowhere.
        node.report("w1", Resources.of(8, 0), Resources.of(0, 0));
        assertThat(ledger.tryReserve("app#M#1", Resources.of(2, 0), 0)).isTrue();
        assertThat(ledger.nodeOf("app#M#1")).isEqualTo("head");
        assertThat(ledger.tryReserve("app#M#2", Resources.of(1, 0), 0)).isFalse();
    }

    @Test
    void aNodeTheFailureDetectorLostTakesNoReplicaUntilItIsBack() {
        node.report("w1", Resources.of(4, 0), Resources.of(4, 0));
        node.report("w2", Resources.of(4, 0), Resources.of(4, 0));
        ledger.hostsChanged(Set.of("w1", "w2"));
        ledger.reachability("w1", false);

        for (int i = 1; i <= 4; i++) {
            assertThat(ledger.tryReserve("app#M#" + i, Resources.NONE, 0)).isTrue();
            assertThat(ledger.nodeOf("app#M#" + i)).isNotEqualTo("w1");
        }
        assertThat(ledger.shortage(Resources.of(9, 0))).doesNotContain("w1");

        ledger.reachability("w1", true);
        assertThat(ledger.tryReserve("app#M#5", Resources.NONE, 0)).isTrue();
        assertThat(ledger.nodeOf("app#M#5")).isEqualTo("w1");
    }
}
