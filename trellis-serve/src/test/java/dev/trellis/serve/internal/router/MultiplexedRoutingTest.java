package dev.trellis.serve.internal.router;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.serve.internal.invoke.MethodKey;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Routing of calls that name a multiplexed model ({@link ModelAwareChoice}), against {@link FakeReplica}s. */
class MultiplexedRoutingTest {
    private static final MethodKey PREDICT = new MethodKey("com.example.Model", "predict", List.of("java.lang.String"));
    private static final int UNLIMITED = -1;

    private final PowerOfTwoChoicesRouter router = new PowerOfTwoChoicesRouter("app#Model", new SplittableRandom(42));
    private long nextRequestId;

    // ---- preference ----

    @Test
    void callsForAModelGoToTheReplicaHoldingIt() {
        var a = new FakeReplica("a");
        var b = new FakeReplica("b").holding("m1");
        var c = new FakeReplica("c");
        router.update(List.of(a, b, c), 10, UNLIMITED, null);

        for (int i = 0; i < 10; i++) {
            submit("m1");
        }

        assertThat(b.received()).hasSize(10);
        assertThat(a.received()).isEmpty();
        assertThat(c.received()).isEmpty();
    }

    @Test
    void severalHoldersShareTheCallsByTwoChoices() {
        var a = new FakeReplica("a").holding("m1");
        var b = new FakeReplica("b").holding("m1", "m2");
        var c = new FakeReplica("c");
        router.update(List.of(a, b, c), 100, UNLIMITED, null);

        for (int i = 0; i < 100; i++) {
            submit("m1");
        }

        assertThat(c.received()).isEmpty();
        assertThat(a.running()).hasSizeBetween(49, 51);
        assertThat(b.running()).hasSizeBetween(49, 51);
    }

    @Test
    void callsWithoutAModelIdIgnoreTheModelsReplicasHold() {
        var a = new FakeReplica("a").holding("m1");
        var b = new FakeReplica("b");
        router.update(List.of(a, b), 100, UNLIMITED, null);

        for (int i = 0; i < 100; i++) {
            submit(null);
        }

        assertThat(a.running()).hasSizeBetween(49, 51);
        assertThat(b.running()).hasSizeBetween(49, 51);
    }

    // ---- fallback ----

    @Test
    void whenEveryHolderIsFullCallsFallBackToOtherReplicas() {
        var a = new FakeReplica("a").holding("m1");
        var b = new FakeReplica("b");
        router.update(List.of(a, b), 2, UNLIMITED, null);

        var first = submit("m1");
        var second = submit("m1");
        var third = submit("m1");

        assertThat(a.received()).containsExactly(first, second);
        assertThat(b.received()).containsExactly(third);
        assertThat(router.queuedCalls()).isZero();
    }

    @Test
    void aFallbackGoesToAReplicaHoldingTheFewestModels() {
        var holder = new FakeReplica("holder").holding("m1");
        var busy = new FakeReplica("busy").holding("m2", "m3");
        var light = new FakeReplica("light").holding("m4");
        var heavy = new FakeReplica("heavy").holding("m5", "m6", "m7");
        router.update(List.of(holder, busy, light, heavy), 1, UNLIMITED, null);
        submit("m1");

        var spilled = submit("m1");

        assertThat(light.received()).containsExactly(spilled);
    }

    @Test
    void aNewModelGoesToAReplicaHoldingTheFewestModels() {
        var a = new FakeReplica("a").holding("m1", "m2");
        var b = new FakeReplica("b");
        var c = new FakeReplica("c").holding("m3");
        router.update(List.of(a, b, c), 10, UNLIMITED, null);

        var call = submit("new");

        assertThat(b.received()).containsExactly(call);
    }

    @Test
    void theFallbackNeverExceedsMaxOngoingRequestsAndQueuesWhenAllAreFull() {
        var a = new FakeReplica("a").holding("m1");
        var b = new FakeReplica("b");
        router.update(List.of(a, b), 1, UNLIMITED, null);
        submit("m1");
        submit("m1");

        var waiting = submit("m1");

        assertThat(router.queuedCalls()).isEqualTo(1);
        assertThat(a.peakRunning()).isEqualTo(1);
        assertThat(b.peakRunning()).isEqualTo(1);
        a.replyToOldest();
        assertThat(a.running()).containsExactly(waiting);
    }

    @Test
    void aRejectedCallForAModelIsRetriedOnAnotherReplica() {
        var a = new FakeReplica("a").holding("m1").rejectEverything();
        var b = new FakeReplica("b");
        router.update(List.of(a, b), 5, UNLIMITED, null);

        var call = submit("m1");

        assertThat(a.received()).containsExactly(call);
        assertThat(b.running()).containsExactly(call);
    }

    // ---- full caches ----

    @Test
    void aFallbackPrefersAReplicaWhoseCacheHasRoomOverOneHoldingFewerModels() {
        var holder = new FakeReplica("holder").holding("m1").caching(3);
        var roomy = new FakeReplica("roomy").holding("m2", "m3").caching(3);
        var full = new FakeReplica("full").holding("m4").caching(1);
        router.update(List.of(holder, roomy, full), 1, UNLIMITED, null);
        submit("m1");

        var spilled = submit("m1");

        assertThat(roomy.received()).containsExactly(spilled);
    }

    @Test
    void whenHoldersAreBusyAndEveryOtherCacheIsFullInUseTheCallWaitsForAHolder() {
        var holder = new FakeReplica("holder").holding("m1", "m2").caching(2);
        var other = new FakeReplica("other").holding("m3", "m4").caching(2);
        router.update(List.of(holder, other), 2, UNLIMITED, null);
        submit("m3");
        submit("m1");
        submit("m1");

        var waiting = submit("m1");

        assertThat(other.received()).as("loading m1 there would evict a model in use").hasSize(1);
        assertThat(router.queuedCalls()).isEqualTo(1);
        holder.replyToOldest();
        assertThat(holder.running()).contains(waiting);
    }

    @Test
    void aModelLoadedElsewhereNeverEvictsEvenOnAnIdleReplica() {
        var holder = new FakeReplica("holder").holding("m1").caching(1);
        var idle = new FakeReplica("idle").holding("m2").caching(1);
        router.update(List.of(holder, idle), 1, UNLIMITED, null);
        submit("m1");

        submit("m1");

        assertThat(idle.received()).isEmpty();
        assertThat(router.queuedCalls()).isEqualTo(1);
    }

    @Test
    void aBusyModelSpreadsOnceAReplicaWithRoomInItsCacheAppears() {
        var holder = new FakeReplica("holder").holding("m1").caching(1);
        var full = new FakeReplica("full").holding("m2").caching(1);
        router.update(List.of(holder, full), 1, UNLIMITED, null);
        submit("m1");
        var waiting = submit("m1");
        var added = new FakeReplica("added").caching(1);

        router.update(List.of(holder, full, added), 1, UNLIMITED, null);

        assertThat(added.received()).containsExactly(waiting);
    }

    @Test
    void aModelNoReplicaHoldsIsLoadedEvenWhereThatEvicts() {
        var a = new FakeReplica("a").holding("m1", "m2").caching(2);
        var b = new FakeReplica("b").holding("m3").caching(1);
        router.update(List.of(a, b), 5, UNLIMITED, null);
        submit("m1");
        submit("m3");

        var fresh = submit("new");

        assertThat(b.received()).as("the replica holding fewer models").endsWith(fresh);
        assertThat(router.queuedCalls()).isZero();
    }

    // ---- tentative holders ----

    @Test
    void aBurstOfFirstCallsForANewModelStaysOnOneReplicaBeforeTheControllerReports() {
        var replicas = FakeReplica.named("a", "b", "c", "d");
        router.update(replicas, 100, UNLIMITED, null);

        for (int i = 0; i < 20; i++) {
            submit("new");
        }

        assertThat(replicas.stream().filter(r -> !r.received().isEmpty())).hasSize(1);
    }

    @Test
    void aTentativeHolderCountsAsHoldingAModelWhenNewModelsArePlaced() {
        var a = new FakeReplica("a");
        var b = new FakeReplica("b");
        router.update(List.of(a, b), 100, UNLIMITED, null);

        var first = submit("m1");
        var second = submit("m2");

        FakeReplica firstTarget = a.received().contains(first) ? a : b;
        FakeReplica other = firstTarget == a ? b : a;
        assertThat(other.received()).containsExactly(second);
    }

    @Test
    void theControllersReportReplacesWhatTheRouterGuessed() {
        var a = new FakeReplica("a");
        var b = new FakeReplica("b");
        router.update(List.of(a, b), 100, UNLIMITED, null);
        var first = submit("m1");
        FakeReplica loadedIt = a.received().contains(first) ? a : b;
        FakeReplica other = loadedIt == a ? b : a;

        // The replica loaded m1 and reported it; later it evicted m1 for m2 and reported that.
        loadedIt.holding("m1");
        router.update(List.of(a, b), 100, UNLIMITED, null);
        var again = submit("m1");
        assertThat(loadedIt.received()).contains(again);
        loadedIt.holding("m2");
        router.update(List.of(a, b), 100, UNLIMITED, null);

        var afterEviction = submit("m1");

        assertThat(other.received()).containsExactly(afterEviction);
    }

    @Test
    void unconfirmedGuessesAreForgottenOnceTooManyHaveGathered() {
        var a = new FakeReplica("a");
        router.update(List.of(a), 100, UNLIMITED, null);
        for (int i = 0; i <= ModelAwareChoice.MAX_TENTATIVE; i++) {
            submit("never-loaded-" + i);
        }
        var b = new FakeReplica("b").holding("x");
        router.update(List.of(a, b), 100, UNLIMITED, null);

        // a remembers one guess now (the other 16 were dropped) and b holds one model: both count 1,
        // so the first fresh model goes to b (fewer calls in flight), the second to a (fewer models).
        var first = submit("fresh-1");
        var second = submit("fresh-2");

        assertThat(b.received()).containsExactly(first);
        assertThat(a.received()).contains(second);
    }

    // ---- helpers ----

    private PendingCall submit(String modelId) {
        var call = new PendingCall(++nextRequestId, PREDICT, new Object[] {"input"}, null, 0, modelId);
        router.submit(call);
        return call;
    }
}
