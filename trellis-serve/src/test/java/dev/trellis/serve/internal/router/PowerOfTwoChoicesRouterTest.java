package dev.trellis.serve.internal.router;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.serve.BackPressureException;
import dev.trellis.serve.DeploymentUnavailableException;
import dev.trellis.serve.ReplicaDiedException;
import dev.trellis.serve.RequestCancelledException;
import dev.trellis.serve.internal.invoke.MethodKey;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The router alone, against {@link FakeReplica}s, with a seeded random source. */
class PowerOfTwoChoicesRouterTest {
    private static final String DEPLOYMENT = "app#Model";
    private static final MethodKey FORWARD = new MethodKey("com.example.Model", "forward", List.of("java.lang.String"));
    private static final int UNLIMITED = -1;

    private final PowerOfTwoChoicesRouter router = new PowerOfTwoChoicesRouter(DEPLOYMENT, new SplittableRandom(42));
    private final List<PendingCall> submitted = new ArrayList<>();
    private long nextRequestId;

    // ---- choosing a replica ----

    @Test
    void sendsToTheLessLoadedOfTwoReplicas() {
        var a = new FakeReplica("a");
        var b = new FakeReplica("b");
        router.update(List.of(a), 5, UNLIMITED, null);
        submit();
        submit();
        router.update(List.of(a, b), 5, UNLIMITED, null);

        var next = submit();

        assertThat(b.received()).containsExactly(next);
    }

    @Test
    void prefersAReplicaOnItsOwnNodeWhenLoadsAreEqual() {
        var remote = new FakeReplica("remote").remote();
        var local = new FakeReplica("local");
        router.update(List.of(remote, local), 5, UNLIMITED, null);

        for (int i = 0; i < 20; i++) {
            var call = submit();
            assertThat(local.received()).contains(call);
            local.reply(call, "ok");
        }
        assertThat(remote.received()).isEmpty();
        // With the local replica busier, the remote one gets the next call.
        submit();
        var next = submit();
        assertThat(remote.received()).containsExactly(next);
    }

    @Test
    void keepsLoadEvenAcrossManyReplicas() {
        var replicas = new ArrayList<FakeReplica>();
        for (int i = 0; i < 10; i++) {
            replicas.add(new FakeReplica("r" + i));
        }
        router.update(replicas, 1_000, UNLIMITED, null);

        for (int i = 0; i < 1_000; i++) {
            submit();
        }

        // Pure random choice would spread 1000 calls over 10 replicas by about +-30; two choices keep them close.
        assertThat(replicas).allSatisfy(r -> assertThat(r.running()).hasSizeBetween(96, 104));
    }

    @Test
    void neverHasMoreThanMaxOngoingRequestsInFlightOnOneReplica() {
        var replicas = FakeReplica.named("a", "b", "c");
        router.update(replicas, 2, UNLIMITED, null);
        var steps = new SplittableRandom(7);

        for (int step = 0; step < 500; step++) {
            if (steps.nextInt(10) < 6) {
                submit();
            } else {
                var busy = replicas.stream().filter(r -> !r.running().isEmpty()).toList();
                if (!busy.isEmpty()) {
                    busy.get(steps.nextInt(busy.size())).replyToOldest();
                }
            }
            for (var r : replicas) {
                assertThat(router.inFlight(r.replicaId())).isEqualTo(r.running().size()).isLessThanOrEqualTo(2);
            }
        }

        assertThat(replicas).allSatisfy(r -> assertThat(r.peakRunning()).isEqualTo(2));
    }

    @Test
    void everyCallCompletesOnceRepliesCatchUpWithABacklog() {
        var replicas = FakeReplica.named("a", "b", "c");
        router.update(replicas, 2, UNLIMITED, null);
        for (int i = 0; i < 50; i++) {
            submit();
        }

        while (replicas.stream().anyMatch(r -> !r.running().isEmpty())) {
            replicas.forEach(FakeReplica::replyToAll);
        }

        assertThat(router.queuedCalls()).isZero();
        assertThat(submitted).allSatisfy(c -> assertThat(c.future()).isCompleted());
    }

    // ---- queueing ----

    @Test
    void queuesCallsWhenEveryReplicaIsFull() {
        var a = new FakeReplica("a");
        router.update(List.of(a), 1, UNLIMITED, null);

        submit();
        var second = submit();

        assertThat(a.received()).doesNotContain(second);
        assertThat(second.future()).isNotDone();
        assertThat(router.queuedCalls()).isEqualTo(1);
    }

    @Test
    void dispatchesQueuedCallsInArrivalOrderAsRepliesFreeSlots() {
        var a = new FakeReplica("a");
        router.update(List.of(a), 1, UNLIMITED, null);
        var first = submit();
        var second = submit();
        var third = submit();
        var fourth = submit();

        a.replyToOldest();
        a.replyToOldest();
        a.replyToOldest();

        assertThat(a.received()).containsExactly(first, second, third, fourth);
        assertThat(router.queuedCalls()).isZero();
    }

    @Test
    void aNewCallWaitsBehindQueuedCallsEvenWhenASlotIsFree() {
        var a = new FakeReplica("a");
        router.update(List.of(a), 1, UNLIMITED, null);
        submit();
        var queued = submit();

        a.replyToOldest();
        var later = submit();

        assertThat(a.running()).containsExactly(queued);
        assertThat(later.future()).isNotDone();
        assertThat(router.queuedCalls()).isEqualTo(1);
    }

    @Test
    void failsACallBeyondMaxQueuedRequestsAtOnceWithBackPressure() {
        var a = new FakeReplica("a");
        router.update(List.of(a), 1, 2, null);
        submit();
        submit();
        submit();

        var rejected = submit();

        assertThat(rejected.future()).isCompletedExceptionally();
        assertThat(failureOf(rejected))
                .isInstanceOf(BackPressureException.class)
                .hasMessageContaining(DEPLOYMENT)
                .hasMessageContaining("max_ongoing_requests=1")
                .hasMessageContaining("max_queued_requests=2");
        assertThat(router.queuedCalls()).isEqualTo(2);
        assertThat(a.received()).doesNotContain(rejected);
    }

    @Test
    void unlimitedQueueAcceptsEveryCall() {
        var a = new FakeReplica("a");
        router.update(List.of(a), 1, UNLIMITED, null);

        for (int i = 0; i < 10_000; i++) {
            submit();
        }

        assertThat(router.queuedCalls()).isEqualTo(9_999);
        assertThat(submitted).allSatisfy(c -> assertThat(c.future()).isNotDone());
    }

    // ---- rejections and retries ----

    @Test
    void retriedCallGoesAheadOfCallsQueuedBeforeIt() {
        var a = new FakeReplica("a");
        var b = new FakeReplica("b");
        router.update(List.of(a, b), 1, UNLIMITED, null);
        submit();
        submit();
        var queued = submit();
        var onA = a.running().getFirst();

        a.reject(onA);
        b.replyToOldest();

        assertThat(b.running()).containsExactly(onA);
        assertThat(a.running()).containsExactly(queued);
    }

    @Test
    void aCallIsNeverSentBackToAReplicaThatRejectedIt() {
        var a = new FakeReplica("a");
        router.update(List.of(a), 5, UNLIMITED, null);
        var call = submit();

        a.reject(call);

        assertThat(a.received()).containsExactly(call);
        assertThat(call.future()).isNotDone();
        assertThat(router.queuedCalls()).isEqualTo(1);
    }

    @Test
    void aRejectedCallRunsOnTheNextReplicaThatAppears() {
        var a = new FakeReplica("a");
        var b = new FakeReplica("b");
        router.update(List.of(a), 5, UNLIMITED, null);
        var call = submit();
        a.reject(call);

        router.update(List.of(a, b), 5, UNLIMITED, null);

        assertThat(b.running()).containsExactly(call);
    }

    @Test
    void callRejectedByARemovedReplicaWaitsAtTheHeadOfTheQueue() {
        var old = new FakeReplica("old");
        var current = new FakeReplica("current");
        router.update(List.of(old), 1, UNLIMITED, null);
        var rejected = submit();
        router.update(List.of(current), 1, UNLIMITED, null);
        submit();
        var queuedEarlier = submit();

        old.reject(rejected);
        current.replyToOldest();

        assertThat(current.running()).containsExactly(rejected);
        assertThat(queuedEarlier.future()).isNotDone();
        assertThat(router.queuedCalls()).isEqualTo(1);
    }

    @Test
    void callRejectedByADrainingReplicaRunsOnAnotherReplicaWithRoom() {
        var draining = new FakeReplica("draining").rejectEverything();
        var healthy = new FakeReplica("healthy");
        router.update(List.of(healthy), 5, UNLIMITED, null);
        submit();                  // healthy now has one call in flight
        router.update(List.of(draining, healthy), 5, UNLIMITED, null);

        var call = submit();

        assertThat(call.future()).isNotDone();
        assertThat(healthy.running()).contains(call);
    }

    @Test
    void callRejectedByMaxAttemptsReplicasFailsWithReplicaDied() {
        var replicas = new java.util.ArrayList<FakeReplica>();
        for (int i = 0; i < PowerOfTwoChoicesRouter.MAX_ATTEMPTS; i++) {
            replicas.add(new FakeReplica("r" + i).rejectEverything());
        }
        router.update(replicas, 5, UNLIMITED, null);

        var call = submit();

        assertThat(replicas).allSatisfy(r -> assertThat(r.received()).containsExactly(call));
        assertThat(failureOf(call))
                .isInstanceOf(ReplicaDiedException.class)
                .hasMessageContaining(DEPLOYMENT)
                .hasMessageContaining(PowerOfTwoChoicesRouter.MAX_ATTEMPTS + " replicas in a row");
        assertThat(replicas).allSatisfy(r -> assertThat(router.inFlight(r.replicaId())).isZero());
    }

    @Test
    void retryAfterTheDeploymentBecameUnavailableFailsTheCall() {
        var a = new FakeReplica("a");
        router.update(List.of(a), 5, UNLIMITED, null);
        var call = submit();
        router.update(List.of(), 5, UNLIMITED, "application 'app' was deleted");

        a.reject(call);

        assertThat(failureOf(call))
                .isInstanceOf(DeploymentUnavailableException.class)
                .hasMessage("application 'app' was deleted");
    }

    // ---- replica set updates ----

    @Test
    void updateKeepsInFlightCountsOfReplicasThatStay() {
        var a = new FakeReplica("a");
        var b = new FakeReplica("b");
        var c = new FakeReplica("c");
        router.update(List.of(a, b), 1, UNLIMITED, null);
        submit();
        submit();

        router.update(List.of(b, c), 1, UNLIMITED, null);

        assertThat(router.inFlight("b")).isEqualTo(1);
        assertThat(router.inFlight("c")).isZero();
        assertThat(router.inFlight("a")).isZero();
    }

    @Test
    void callsGoOnlyToReplicasWithRoomAfterAnUpdate() {
        var a = new FakeReplica("a");
        var b = new FakeReplica("b");
        var c = new FakeReplica("c");
        router.update(List.of(a, b), 1, UNLIMITED, null);
        submit();
        submit();
        router.update(List.of(b, c), 1, UNLIMITED, null);

        var next = submit();

        assertThat(c.running()).containsExactly(next);
    }

    @Test
    void updateWithNewReplicasDrainsTheQueueOntoThem() {
        var a = new FakeReplica("a");
        var b = new FakeReplica("b");
        var c = new FakeReplica("c");
        router.update(List.of(a), 1, UNLIMITED, null);
        submit();
        var second = submit();
        var third = submit();

        router.update(List.of(a, b, c), 1, UNLIMITED, null);

        assertThat(router.queuedCalls()).isZero();
        assertThat(List.of(b.running(), c.running())).containsExactlyInAnyOrder(List.of(second), List.of(third));
    }

    @Test
    void updateRaisingMaxOngoingRequestsDrainsTheQueue() {
        var a = new FakeReplica("a");
        router.update(List.of(a), 1, UNLIMITED, null);
        submit();
        submit();

        router.update(List.of(a), 2, UNLIMITED, null);

        assertThat(a.running()).hasSize(2);
        assertThat(router.queuedCalls()).isZero();
    }

    @Test
    void unavailableUpdateFailsQueuedCalls() {
        var a = new FakeReplica("a");
        router.update(List.of(a), 1, UNLIMITED, null);
        var sent = submit();
        var queued = submit();

        router.update(List.of(), 1, UNLIMITED, "deployment app#Model failed to start: boom");

        assertThat(failureOf(queued))
                .isInstanceOf(DeploymentUnavailableException.class)
                .hasMessage("deployment app#Model failed to start: boom");
        assertThat(router.queuedCalls()).isZero();
        assertThat(sent.future()).isNotDone();
    }

    @Test
    void unavailableUpdateFailsNewCallsAtOnce() {
        var a = new FakeReplica("a");
        router.update(List.of(a), 1, UNLIMITED, "deployment app#Model is being deleted");

        var call = submit();

        assertThat(failureOf(call))
                .isInstanceOf(DeploymentUnavailableException.class)
                .hasMessage("deployment app#Model is being deleted");
        assertThat(a.received()).isEmpty();
    }

    @Test
    void callsSubmittedBeforeAnyUpdateWaitInTheQueue() {
        var first = submit();
        var second = submit();

        assertThat(router.queuedCalls()).isEqualTo(2);
        assertThat(first.future()).isNotDone();
        assertThat(second.future()).isNotDone();
    }

    @Test
    void callsSubmittedBeforeAnyUpdateGoOutOnTheFirstUpdate() {
        var first = submit();
        var second = submit();
        var a = new FakeReplica("a");

        router.update(List.of(a), 5, UNLIMITED, null);

        assertThat(a.received()).containsExactly(first, second);
        assertThat(router.queuedCalls()).isZero();
    }

    // ---- cancellation ----

    @Test
    void cancellingAQueuedCallRemovesItFromTheQueue() {
        var a = new FakeReplica("a");
        router.update(List.of(a), 1, UNLIMITED, null);
        submit();
        var queued = submit();

        cancel(queued);

        assertThat(router.queuedCalls()).isZero();
        assertThat(a.cancelRequests()).isEmpty();
    }

    @Test
    void cancelledQueuedCallIsNeverSent() {
        var a = new FakeReplica("a");
        router.update(List.of(a), 1, UNLIMITED, null);
        var first = submit();
        var cancelled = submit();
        var third = submit();
        cancel(cancelled);

        a.replyToOldest();

        assertThat(a.received()).containsExactly(first, third);
    }

    @Test
    void cancellingASentCallAsksItsReplicaToCancelIt() {
        var a = new FakeReplica("a");
        router.update(List.of(a), 1, UNLIMITED, null);
        var call = submit();

        cancel(call);

        assertThat(a.cancelRequests()).containsExactly(call);
    }

    @Test
    void cancelledSentCallKeepsItsSlotUntilTheReplicaAnswers() {
        var a = new FakeReplica("a");
        router.update(List.of(a), 1, UNLIMITED, null);
        var call = submit();
        var waiting = submit();

        cancel(call);

        assertThat(router.inFlight("a")).isEqualTo(1);
        assertThat(a.received()).doesNotContain(waiting);
        a.replyToOldest();
        assertThat(a.running()).containsExactly(waiting);
    }

    // ---- helpers ----

    private PendingCall submit() {
        var call = new PendingCall(++nextRequestId, FORWARD, new Object[] {"input-" + nextRequestId});
        submitted.add(call);
        router.submit(call);
        return call;
    }

    /** What {@code DeploymentResponse.cancel()} does: fail the future, then tell the router. */
    private static void cancel(PendingCall call) {
        call.future().completeExceptionally(new RequestCancelledException("cancelled by the test"));
        call.router().cancel(call);
    }

    private static Throwable failureOf(PendingCall call) {
        CompletableFuture<Object> f = call.future();
        assertThat(f).isCompletedExceptionally();
        return f.handle((value, error) -> error).join();
    }
}
