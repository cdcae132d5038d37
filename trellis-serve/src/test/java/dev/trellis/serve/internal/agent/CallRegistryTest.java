package dev.trellis.serve.internal.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.serve.internal.invoke.MethodKey;
import dev.trellis.serve.internal.messages.ReplicaCommand;
import dev.trellis.serve.internal.router.PendingCall;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CallRegistryTest {
    private final ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "call-registry-test");

    @AfterEach
    void stop() {
        system.terminate();
    }

    private List<ActorRef<ReplicaCommand>> replicas(int n) {
        List<ActorRef<ReplicaCommand>> refs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            refs.add(system.systemActorOf(Behaviors.<ReplicaCommand>empty(), "replica-" + i, Props.empty()));
        }
        return refs;
    }

    private static PendingCall call(long id) {
        return new PendingCall(id, new MethodKey("Model", "call", List.of()), new Object[0]);
    }

    @Test
    void nothingIsSentToAReplicaMarkedDead() {
        var registry = new CallRegistry();
        var replica = replicas(1).getFirst();
        var sends = new AtomicInteger();
        registry.markDead(replica);

        assertThat(registry.sendUnlessDead(call(1), replica, sends::incrementAndGet)).isFalse();
        assertThat(sends).hasValue(0);
        assertThat(registry.size()).isZero();
    }

    @Test
    void aRevivedReplicaTakesCallsAgain() {
        var registry = new CallRegistry();
        var replica = replicas(1).getFirst();
        var sends = new AtomicInteger();
        registry.markDead(replica);
        registry.revive(replica);

        assertThat(registry.sendUnlessDead(call(1), replica, sends::incrementAndGet)).isTrue();
        assertThat(sends).hasValue(1);
        assertThat(registry.deadReplicasKept()).isZero();
    }

    @Test
    void onlyTheMostRecentlyDeadReplicasAreRemembered() {
        var registry = new CallRegistry();
        var refs = replicas(CallRegistry.DEAD_REPLICAS_KEPT + 100);
        refs.forEach(registry::markDead);
        var sends = new AtomicInteger();

        assertThat(registry.deadReplicasKept()).isEqualTo(CallRegistry.DEAD_REPLICAS_KEPT);
        assertThat(registry.sendUnlessDead(call(1), refs.getLast(), sends::incrementAndGet)).isFalse();
        // Forgotten: a send goes out (and would end as a dead letter, which the agent retries).
        assertThat(registry.sendUnlessDead(call(2), refs.getFirst(), sends::incrementAndGet)).isTrue();
        assertThat(sends).hasValue(1);
    }
}
