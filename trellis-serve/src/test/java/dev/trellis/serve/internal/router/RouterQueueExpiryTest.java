package dev.trellis.serve.internal.router;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.serve.ReplicaNodeLostException;
import dev.trellis.serve.internal.invoke.MethodKey;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Calls waiting on a router with no replica are failed after a bound, on a manual clock. */
class RouterQueueExpiryTest {
    private static final MethodKey FORWARD = new MethodKey("com.example.Model", "forward", List.of("java.lang.String"));
    private static final long WAIT = TimeUnit.SECONDS.toNanos(10);

    private long now = 1_000;
    private final PowerOfTwoChoicesRouter router = new PowerOfTwoChoicesRouter("app#Model", new SplittableRandom(1),
            () -> now);
    private long nextId;

    @Test
    void failsOnlyTheCallsThatWaitedTheBoundWithoutAReplica() {
        var old = submit();
        now += TimeUnit.SECONDS.toNanos(6);
        var recent = submit();
        now += TimeUnit.SECONDS.toNanos(4);

        int failed = router.failQueuedWithoutReplicas(WAIT, c -> new ReplicaNodeLostException("lost " + c.requestId()));

        assertThat(failed).isEqualTo(1);
        assertThat(old.future()).isCompletedExceptionally();
        assertThat(old.future().exceptionNow()).isInstanceOf(ReplicaNodeLostException.class).hasMessage("lost 1");
        assertThat(recent.future()).isNotDone();
        assertThat(router.queuedCalls()).isEqualTo(1);

        // A replica arrives: the call still waiting goes to it, and nothing more expires.
        var replica = new FakeReplica("r");
        router.update(List.of(replica), 5, -1, null);
        assertThat(replica.received()).containsExactly(recent);
        now += WAIT;
        assertThat(router.failQueuedWithoutReplicas(WAIT, c -> new ReplicaNodeLostException("x"))).isZero();
    }

    @Test
    void leavesQueuedCallsAloneWhileAnyReplicaIsKnown() {
        var busy = new FakeReplica("busy");
        router.update(List.of(busy), 1, -1, null);
        submit();
        var waiting = submit();
        now += 2 * WAIT;

        assertThat(router.failQueuedWithoutReplicas(WAIT, c -> new ReplicaNodeLostException("x"))).isZero();
        assertThat(waiting.future()).isNotDone();
        assertThat(router.hasNoReplicas()).isFalse();
    }

    @Test
    void aRetriedCallKeepsItsFirstQueueTime() {
        var replica = new FakeReplica("r");
        var call = submit();
        now += TimeUnit.SECONDS.toNanos(8);
        router.update(List.of(replica), 5, -1, null);
        assertThat(replica.received()).containsExactly(call);
        // The replica rejects it unstarted and then goes away.
        router.retry(call);
        router.update(List.of(), 5, -1, null);
        now += TimeUnit.SECONDS.toNanos(2);

        assertThat(router.failQueuedWithoutReplicas(WAIT, c -> new ReplicaNodeLostException("x"))).isEqualTo(1);
        assertThat(call.future()).isCompletedExceptionally();
    }

    private PendingCall submit() {
        var call = new PendingCall(++nextId, FORWARD, new Object[] {"input"});
        router.submit(call);
        return call;
    }
}
