package dev.trellis.serve.internal.router;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.serve.BackPressureException;
import dev.trellis.serve.internal.invoke.MethodKey;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What the router tells the autoscaler: its load (calls queued, calls in flight per replica),
 * and, once per stretch without replicas, that calls wait with no replica to go to.
 */
class RouterLoadTest {
    private static final MethodKey FORWARD = new MethodKey("com.example.Model", "forward", List.of("java.lang.String"));
    private static final int UNLIMITED = -1;

    private final PowerOfTwoChoicesRouter router = new PowerOfTwoChoicesRouter("app#Model", new SplittableRandom(7));
    private final AtomicInteger toldWithoutReplicas = new AtomicInteger();
    private long nextRequestId;

    {
        router.onQueuedWithoutReplicas(toldWithoutReplicas::incrementAndGet);
    }

    @Test
    void loadCountsQueuedCallsAndCallsInFlightPerReplica() {
        var a = new FakeReplica("a");
        var b = new FakeReplica("b");
        router.update(List.of(a, b), 1, UNLIMITED, null);
        submit();
        submit();
        submit();

        var load = router.load();

        assertThat(load.queued()).isEqualTo(1);
        assertThat(load.inFlight()).containsExactlyInAnyOrderEntriesOf(Map.of("a", 1, "b", 1));
    }

    @Test
    void callsWaitWithNoReplicaAndTheListenerHearsOnce() {
        router.update(List.of(), 5, UNLIMITED, null);

        var first = submit();
        submit();

        assertThat(first.future()).isNotDone();
        assertThat(router.load().queued()).isEqualTo(2);
        assertThat(toldWithoutReplicas).hasValue(1);
    }

    @Test
    void queuedCallsGoOutWhenTheFirstReplicaArrives() {
        router.update(List.of(), 5, UNLIMITED, null);
        var waiting = submit();
        var replica = new FakeReplica("r1");

        router.update(List.of(replica), 5, UNLIMITED, null);

        assertThat(replica.received()).containsExactly(waiting);
        replica.replyToAll();
        assertThat(waiting.future()).isCompletedWithValue("reply from r1");
    }

    @Test
    void theListenerHearsAgainWhenReplicasCameAndWent() {
        router.update(List.of(), 5, UNLIMITED, null);
        submit();
        var replica = new FakeReplica("r1");
        router.update(List.of(replica), 5, UNLIMITED, null);
        replica.replyToAll();
        router.update(List.of(), 5, UNLIMITED, null);

        submit();

        assertThat(toldWithoutReplicas).hasValue(2);
    }

    @Test
    void anUpdateThatRemovesTheLastReplicaWhileCallsWaitTellsTheListener() {
        var replica = new FakeReplica("r1");
        router.update(List.of(replica), 1, UNLIMITED, null);
        submit();
        submit();                                    // waits: the replica is full
        assertThat(toldWithoutReplicas).hasValue(0);

        router.update(List.of(), 1, UNLIMITED, null);

        assertThat(toldWithoutReplicas).hasValue(1);
    }

    @Test
    void aCallRejectedByTheLastReplicaAfterItWasRemovedTellsTheListener() {
        var draining = new FakeReplica("r1");
        router.update(List.of(draining), 5, UNLIMITED, null);
        var call = submit();
        router.update(List.of(), 5, UNLIMITED, null);    // scaled to zero while the call was on its way

        draining.reject(call);

        assertThat(router.load().queued()).isEqualTo(1);
        assertThat(toldWithoutReplicas).hasValue(1);
    }

    @Test
    void callsWaitingForAReplicaStillRespectMaxQueuedRequests() {
        router.update(List.of(), 5, 1, null);
        submit();

        var rejected = submit();

        assertThat(rejected.future()).isCompletedExceptionally();
        assertThat(rejected.future().exceptionNow()).isInstanceOf(BackPressureException.class);
    }

    @Test
    void aCancelledWaitingCallLeavesTheQueue() {
        router.update(List.of(), 5, UNLIMITED, null);
        var call = submit();

        call.future().completeExceptionally(new IllegalStateException("cancelled"));
        router.cancel(call);

        assertThat(router.load().queued()).isZero();
    }

    private PendingCall submit() {
        var call = new PendingCall(++nextRequestId, FORWARD, new Object[] {"input-" + nextRequestId});
        router.submit(call);
        return call;
    }
}
