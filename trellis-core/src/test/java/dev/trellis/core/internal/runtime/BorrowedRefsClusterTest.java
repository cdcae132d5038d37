package dev.trellis.core.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.core.ActorHandle;
import dev.trellis.core.ActorOptions;
import dev.trellis.core.ObjectRef;
import dev.trellis.core.SchedulingStrategy;
import dev.trellis.core.function.TrellisFunc0;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Refs nested inside values cross nodes (Ray's borrowers), on an {@link InMemoryCluster}: inside
 * a call's arguments and inside an actor's answer, with the object's owner elsewhere; the object
 * stays while any node holds a ref to it, whoever made the ref, and is freed once none does (or
 * the last borrower leaves the cluster); no sender keeps a hold once its receiver has registered.
 */
@Timeout(120)
class BorrowedRefsClusterTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private final InMemoryCluster cluster = new InMemoryCluster();

    /** A value that holds refs. */
    record Holder(String label, List<ObjectRef<int[]>> refs) {
    }

    /** An actor that keeps the refs it is given and reads them later. */
    static final class Keeper {
        private final List<ObjectRef<int[]>> kept = new ArrayList<>();

        Keeper() {
        }

        int keep(Holder holder) {
            kept.addAll(holder.refs());
            return kept.size();
        }

        /** Keeps refs that arrive in an untyped list. */
        int keepAll(List<Object> refs) {
            refs.forEach(r -> kept.add(cast(r)));
            return kept.size();
        }

        @SuppressWarnings("unchecked")
        private static ObjectRef<int[]> cast(Object r) {
            return (ObjectRef<int[]>) r;
        }

        /** The sum of every element of every kept array (each read through its ref). */
        long sum() {
            return BorrowedRefsClusterTest.sum(kept);
        }

        /** The kept refs, handed back inside a value. */
        Holder give() {
            return new Holder("given", List.copyOf(kept));
        }

        int forget() {
            kept.clear();
            return 0;
        }
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private static ActorHandle<Keeper> keeperOn(NodeRuntime from, NodeRuntime host) {
        return from.createActor((TrellisFunc0<Keeper>) Keeper::new, new Object[0], ActorOptions.builder()
                .schedulingStrategy(SchedulingStrategy.nodeAffinity(host.nodeId(), false)).build());
    }

    /** The sum of every element of every array, each read through its ref (in a method of its own, so no frame keeps a ref). */
    static long sum(List<ObjectRef<int[]>> refs) {
        long total = 0;
        for (ObjectRef<int[]> ref : refs) {
            for (int v : ref.get(WAIT)) {
                total += v;
            }
        }
        return total;
    }

    private static int[] filled(int length, int value) {
        int[] a = new int[length];
        java.util.Arrays.fill(a, value);
        return a;
    }

    /** True once {@code node} no longer has an entry for {@code id} (collecting garbage meanwhile). */
    private static boolean freed(NodeRuntime node, String id) {
        System.gc();
        return node.ownedEntries().find(id) == null;
    }

    @Test
    void refsInsideArgumentsAndAnswersStayValidWhileAnyNodeHoldsThemAndAreFreedAfter() {
        NodeRuntime driver = cluster.start("driver", 0);
        NodeRuntime worker = cluster.start("worker", 1);
        NodeRuntime other = cluster.start("worker", 1);
        Awaitility.await().atMost(WAIT).until(() -> driver.peers().nodes().size() == 3);
        ActorHandle<Keeper> keeper = keeperOn(driver, worker);

        // Refs the driver owns go to the worker inside a record, and the driver drops its own.
        ObjectRef<int[]> small = driver.put(filled(10, 1));
        ObjectRef<int[]> big = driver.put(filled(300_000, 2)); // over the inline limit: copied by transfer
        String smallId = small.id();
        String bigId = big.id();
        assertThat(keeper.task(Keeper::keep, new Holder("first", List.of(small, big))).remote().get(WAIT)).isEqualTo(2);
        OwnedObjects.Owned smallEntry = driver.ownedEntries().find(smallId);
        small = null;
        big = null;
        Awaitility.await().atMost(WAIT).until(() -> {
            System.gc();
            return driver.ownedEntries().handleCount(smallEntry) == 0
                    && driver.ownedEntries().borrowers(smallEntry).equals(java.util.Set.of(worker.nodeId()));
        });
        // Nothing on the driver holds them now, yet the actor reads them.
        assertThat(keeper.task(Keeper::sum).remote().get(WAIT)).isEqualTo(10L + 600_000L);
        assertThat(driver.ownedEntries().find(smallId)).isNotNull();
        assertThat(driver.ownedEntries().find(bigId)).isNotNull();

        // A third node's object, sent in an untyped list, then handed back to the driver inside an answer.
        ObjectRef<int[]> third = other.put(filled(5, 7));
        String thirdId = third.id();
        CoreMessages.TaskArg address = Wire.actorArg(keeper);
        @SuppressWarnings("unchecked")
        ActorHandle<Keeper> fromOther = (ActorHandle<Keeper>) other.actorHandle(address.actorId(), address.refOwner(),
                address.actorClass());
        assertThat(fromOther.task(Keeper::keepAll, List.<Object>of(third)).remote().get(WAIT)).isEqualTo(3);
        third = null;
        Holder given = keeper.task(Keeper::give).remote().get(WAIT);
        assertThat(given.refs()).extracting(ObjectRef::id).containsExactly(smallId, bigId, thirdId);
        assertThat(keeper.task(Keeper::forget).remote().get(WAIT)).isZero();
        // The actor dropped them; the driver's refs from the answer still read (the third from its owner).
        assertThat(sum(given.refs())).isEqualTo(10L + 600_000L + 35L);
        Awaitility.await().atMost(WAIT).until(() -> {
            System.gc();
            OwnedObjects.Owned entry = other.ownedEntries().find(thirdId);
            return entry != null && other.ownedEntries().borrowers(entry).equals(java.util.Set.of(driver.nodeId()));
        });

        // Once the driver drops the answer too, every object is freed at its owner, and no hold is left.
        given = null;
        Awaitility.await().atMost(WAIT).until(() -> freed(driver, smallId) && freed(driver, bigId)
                && freed(other, thirdId));
        Awaitility.await().atMost(WAIT).until(() -> driver.borrowing().holdCount() == 0
                && worker.borrowing().holdCount() == 0 && other.borrowing().holdCount() == 0);
    }

    @Test
    void anObjectBorrowedOnlyByANodeThatDiesIsFreed() {
        NodeRuntime driver = cluster.start("driver", 0);
        NodeRuntime worker = cluster.start("worker", 1);
        Awaitility.await().atMost(WAIT).until(() -> driver.peers().nodes().size() == 2);
        ActorHandle<Keeper> keeper = keeperOn(driver, worker);
        ObjectRef<int[]> ref = driver.put(filled(4, 3));
        String id = ref.id();
        assertThat(keeper.task(Keeper::keep, new Holder("kept", List.of(ref))).remote().get(WAIT)).isEqualTo(1);
        ref = null;
        assertThat(keeper.task(Keeper::sum).remote().get(WAIT)).isEqualTo(12L);
        // The worker still borrows it, so the driver keeps it...
        System.gc();
        assertThat(driver.ownedEntries().find(id)).isNotNull();
        // ...until the worker leaves the cluster.
        cluster.kill(worker);
        Awaitility.await().atMost(WAIT).until(() -> freed(driver, id));
    }

    /** Calls the keeper through a handle that arrived as an argument, from wherever the task runs. */
    static long sumVia(ActorHandle<Keeper> keeper) {
        return keeper.task(Keeper::sum).remote().get(WAIT);
    }

    @Test
    void aHandleThatArrivesOnTheActorsOwnHostCallsIt() {
        NodeRuntime driver = cluster.start("driver", 0);
        NodeRuntime worker = cluster.start("worker", 1);
        Awaitility.await().atMost(WAIT).until(() -> driver.peers().nodes().size() == 2);
        ActorHandle<Keeper> keeper = keeperOn(driver, worker);
        assertThat(keeper.task(Keeper::keep, new Holder("one", List.of(driver.put(filled(3, 5))))).remote().get(WAIT))
                .isEqualTo(1);
        // The task runs on the worker, which hosts the actor: its handle is a route to this very node.
        ObjectRef<Long> viaHost = driver.submitTask((dev.trellis.core.function.TrellisFunc1<ActorHandle<Keeper>, Long>)
                BorrowedRefsClusterTest::sumVia, new Object[] {keeper}, dev.trellis.core.TaskOptions.builder()
                .schedulingStrategy(SchedulingStrategy.nodeAffinity(worker.nodeId(), false)).build());
        assertThat(viaHost.get(WAIT)).isEqualTo(15L);
    }
}
