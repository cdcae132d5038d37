package dev.trellis.core.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.core.ActorDiedException;
import dev.trellis.core.ActorHandle;
import dev.trellis.core.ActorLifetime;
import dev.trellis.core.ActorOptions;
import dev.trellis.core.SchedulingStrategy;
import dev.trellis.core.function.TrellisFunc1;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A detached actor outlives the node that created it (as in Ray, where a detached actor is not
 * owned by its creator): on an {@link InMemoryCluster}, a driver creates actors on a worker and
 * dies; its host takes the detached one over, with its state and name, and serves the handles
 * others held and new lookups by name; the non-detached one dies with its owner.
 */
@Timeout(120)
class DetachedActorClusterTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private final InMemoryCluster cluster = new InMemoryCluster();

    /** The actor: a running total. */
    static final class Tally {
        private int total;

        Tally(int start) {
            this.total = start;
        }

        int add(int n) {
            total += n;
            return total;
        }
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private static ActorOptions on(NodeRuntime worker, String name, ActorLifetime lifetime) {
        return ActorOptions.builder().name(name).lifetime(lifetime)
                .schedulingStrategy(SchedulingStrategy.nodeAffinity(worker.nodeId(), false)).build();
    }

    private static ActorHandle<Tally> create(NodeRuntime from, ActorOptions options) {
        return from.createActor((TrellisFunc1<Integer, Tally>) Tally::new, new Object[] {10}, options);
    }

    private static ActorHandle<Tally> named(NodeRuntime from, String name) {
        return from.getActor(name, Tally.class).orElseThrow(() -> new AssertionError("no actor named " + name));
    }

    @Test
    void aDetachedActorOutlivesItsCreatorKeepsItsStateAndNameAndDiesWhenKilled() {
        NodeRuntime creator = cluster.start("driver", 0);
        NodeRuntime worker = cluster.start("worker", 1);
        NodeRuntime other = cluster.start("driver", 0);
        Awaitility.await().atMost(WAIT).until(() -> creator.peers().nodes().size() == 3);

        ActorHandle<Tally> kept = create(creator, on(worker, "kept", ActorLifetime.DETACHED));
        ActorHandle<Tally> tied = create(creator, on(worker, "tied", ActorLifetime.NON_DETACHED));
        assertThat(kept.task(Tally::add, 1).remote().get(WAIT)).isEqualTo(11);
        ActorHandle<Tally> keptElsewhere = named(other, "kept");
        ActorHandle<Tally> tiedElsewhere = named(other, "tied");
        assertThat(keptElsewhere.task(Tally::add, 2).remote().get(WAIT)).isEqualTo(13);
        assertThat(tiedElsewhere.task(Tally::add, 2).remote().get(WAIT)).isEqualTo(12);

        cluster.kill(creator);

        // The handle the other node held goes on calling the same instance.
        assertThat(keptElsewhere.task(Tally::add, 3).remote().get(WAIT)).isEqualTo(16);
        // The non-detached actor died with its owner, and says so.
        Awaitility.await().atMost(WAIT).untilAsserted(() ->
                assertThatThrownBy(() -> tiedElsewhere.task(Tally::add, 1).remote().get(WAIT))
                        .isInstanceOf(ActorDiedException.class).hasMessageContaining(creator.nodeId()));
        // The name now leads to the host, from any node, the host itself included.
        Awaitility.await().atMost(WAIT).until(() -> other.peers().lookupName("kept").toCompletableFuture().join()
                .filter(location -> location.startsWith(worker.nodeId() + "/")).isPresent());
        assertThat(named(other, "kept").task(Tally::add, 4).remote().get(WAIT)).isEqualTo(20);
        NodeRuntime late = cluster.start("driver", 0);
        assertThat(named(late, "kept").task(Tally::add, 5).remote().get(WAIT)).isEqualTo(25);
        assertThat(named(worker, "kept").task(Tally::add, 0).remote().get(WAIT)).isEqualTo(25);
        assertThat(other.getActor("tied", Tally.class)).isEmpty();

        // Killed through a handle of another node: it is gone, and so is its name.
        other.kill(keptElsewhere, true);
        Awaitility.await().atMost(WAIT).untilAsserted(() ->
                assertThatThrownBy(() -> keptElsewhere.task(Tally::add, 1).remote().get(WAIT))
                        .isInstanceOf(ActorDiedException.class));
        Awaitility.await().atMost(WAIT).until(() -> other.getActor("kept", Tally.class).isEmpty());
    }
}
