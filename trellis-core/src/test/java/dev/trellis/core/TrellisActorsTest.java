package dev.trellis.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TrellisActorsTest {
    @BeforeEach
    void start() {
        CoreFns.Counter.SLOW_STARTED.drainPermits();
        Trellis.init(TrellisOptions.builder().numCpus(2).customResources(Map.of("gpu-slot", 1)).build());
    }

    @AfterEach
    void stop() {
        Trellis.shutdown();
    }

    @Test
    void callsFromOneCallerRunInOrderAndKeepState() {
        ActorHandle<CoreFns.Counter> counter = Trellis.actor(CoreFns.Counter::new, 10).remote();
        var refs = new ArrayList<ObjectRef<Integer>>();
        for (int i = 1; i <= 50; i++) {
            refs.add(counter.task(CoreFns.Counter::increment, i).remote());
        }
        assertThat(refs.getLast().get()).isEqualTo(10 + 50 * 51 / 2);
        List<Integer> seen = counter.task(CoreFns.Counter::seen).remote().get();
        assertThat(seen).hasSize(50).isSorted();
    }

    @Test
    void aCallWaitingForARefArgumentHoldsBackTheCallsBehindIt() {
        ActorHandle<CoreFns.Counter> counter = Trellis.actor(CoreFns.Counter::new, 0).remote();
        ObjectRef<Integer> slow = Trellis.task(CoreFns::sleepThenReturn, 300).remote();
        counter.task(CoreFns.Counter::increment, slow).remote();
        counter.task(CoreFns.Counter::increment, 1).remote();
        assertThat(counter.task(CoreFns.Counter::seen).remote().get()).containsExactly(300, 1);
    }

    @Test
    void constructorArgumentsMayBeRefs() {
        ObjectRef<Integer> start = Trellis.task(CoreFns::square, 4).remote();
        ActorHandle<CoreFns.Counter> counter = Trellis.actor(CoreFns.Counter::new, start).remote();
        assertThat(counter.task(CoreFns.Counter::value).remote().get()).isEqualTo(16);
    }

    @Test
    void aNamedActorIsFoundByNameAndNamesAreUnique() {
        ActorHandle<CoreFns.Counter> c = Trellis.actor(CoreFns.Counter::new, 5).options(o -> o.name("c")).remote();
        c.task(CoreFns.Counter::increment, 1).remote().get();
        ActorHandle<CoreFns.Counter> found = Trellis.getActor("c", CoreFns.Counter.class).orElseThrow();
        assertThat(found.task(CoreFns.Counter::value).remote().get()).isEqualTo(6);
        assertThat(found).isEqualTo(c);
        assertThat(Trellis.getActor("nobody", CoreFns.Counter.class)).isEmpty();
        assertThatThrownBy(() -> Trellis.actor(CoreFns.Counter::new, 0).options(o -> o.name("c")).remote())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("an actor named 'c' already exists");
        assertThatThrownBy(() -> Trellis.getActor("c", String.class))
                .hasMessageContaining("is a dev.trellis.core.CoreFns$Counter, not a java.lang.String");
    }

    @Test
    void anExceptionInAMethodFailsThatCallOnlyAndTheActorLivesOn() {
        ActorHandle<CoreFns.Counter> counter = Trellis.actor(CoreFns.Counter::new, 0).remote();
        assertThatThrownBy(() -> counter.task(CoreFns.Counter::fail, "nope").remote().get())
                .isInstanceOfSatisfying(TaskFailedException.class, e -> {
                    assertThat(e.taskName()).isEqualTo("Counter.fail");
                    assertThat(e.remoteType()).isEqualTo("java.lang.IllegalStateException");
                    assertThat(e.remoteMessage()).isEqualTo("nope");
                });
        assertThat(counter.task(CoreFns.Counter::increment, 1).remote().get()).isEqualTo(1);
    }

    @Test
    void aFailingConstructorMakesEveryCallAnActorDiedException() {
        ActorHandle<CoreFns.Exploding> bad = Trellis.actor(CoreFns.Exploding::new, "no config").remote();
        assertThatThrownBy(() -> bad.task(CoreFns.Exploding::ping).remote().get(Duration.ofSeconds(10)))
                .isInstanceOf(ActorDiedException.class)
                .hasMessageContaining("constructor threw java.lang.IllegalArgumentException: no config");
    }

    @Test
    void aKilledActorFailsItsQueuedAndLaterCallsAndFreesItsName() throws InterruptedException {
        ActorHandle<CoreFns.Counter> c = Trellis.actor(CoreFns.Counter::new, 0).options(o -> o.name("k")).remote();
        CoreFns.Counter.SLOW_STARTED.drainPermits();
        ObjectRef<Integer> running = c.task(CoreFns.Counter::slowIncrement, 5_000).remote();
        ObjectRef<Integer> queued = c.task(CoreFns.Counter::increment, 1).remote();
        assertThat(CoreFns.Counter.SLOW_STARTED.tryAcquire(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        Trellis.kill(c);
        assertThatThrownBy(() -> running.get(Duration.ofSeconds(5))).isInstanceOf(ActorDiedException.class);
        assertThatThrownBy(() -> queued.get(Duration.ofSeconds(5))).isInstanceOf(ActorDiedException.class)
                .hasMessageContaining("killed by Trellis.kill");
        assertThatThrownBy(() -> c.task(CoreFns.Counter::value).remote().get(Duration.ofSeconds(5)))
                .isInstanceOf(ActorDiedException.class);
        assertThat(Trellis.getActor("k", CoreFns.Counter.class)).isEmpty();
        Trellis.actor(CoreFns.Counter::new, 0).options(o -> o.name("k")).remote();
    }

    @Test
    void aRestartedActorIsConstructedAgainAndRetriesCallsInFlightPerMaxTaskRetries() throws InterruptedException {
        ActorHandle<CoreFns.Counter> retried = Trellis.actor(CoreFns.Counter::new, 100)
                .options(o -> o.maxRestarts(1).maxTaskRetries(1)).remote();
        retried.task(CoreFns.Counter::increment, 5).remote().get();
        CoreFns.Counter.SLOW_STARTED.drainPermits();
        ObjectRef<Integer> inFlight = retried.task(CoreFns.Counter::slowIncrement, 300).remote();
        assertThat(CoreFns.Counter.SLOW_STARTED.tryAcquire(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        Trellis.kill(retried, false);
        // The state is rebuilt from the constructor (100), then the call in flight runs again.
        assertThat(inFlight.get(Duration.ofSeconds(10))).isEqualTo(101);

        ActorHandle<CoreFns.Counter> notRetried = Trellis.actor(CoreFns.Counter::new, 0)
                .options(o -> o.maxRestarts(1)).remote();
        CoreFns.Counter.SLOW_STARTED.drainPermits();
        ObjectRef<Integer> lost = notRetried.task(CoreFns.Counter::slowIncrement, 2_000).remote();
        assertThat(CoreFns.Counter.SLOW_STARTED.tryAcquire(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        Trellis.kill(notRetried, false);
        assertThatThrownBy(() -> lost.get(Duration.ofSeconds(10))).isInstanceOf(ActorDiedException.class)
                .hasMessageContaining("no retries left");
        assertThat(notRetried.task(CoreFns.Counter::increment, 1).remote().get(Duration.ofSeconds(10))).isEqualTo(1);
        // No restarts left: the next kill is final.
        Trellis.kill(notRetried, false);
        assertThatThrownBy(() -> notRetried.task(CoreFns.Counter::value).remote().get(Duration.ofSeconds(5)))
                .isInstanceOf(ActorDiedException.class);
    }

    @Test
    void maxConcurrencyLetsThatManyCallsRunAtOnce() {
        ActorHandle<CoreFns.Gate> gate = Trellis.actor(CoreFns.Gate::new).options(o -> o.maxConcurrency(5)).remote();
        var entered = new ArrayList<ObjectRef<Integer>>();
        for (int i = 0; i < 4; i++) {
            entered.add(gate.task(CoreFns.Gate::enter).remote());
        }
        Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> gate.task(CoreFns.Gate::inside).remote().get() == 4);
        gate.task(CoreFns.Gate::open).remote().get();
        assertThat(Trellis.get(entered, Duration.ofSeconds(10))).containsOnly(1);
        assertThat(gate.task(CoreFns.Gate::maxInside).remote().get()).isEqualTo(4);
    }

    @Test
    void anActorHoldsItsResourcesForItsWholeLife() {
        ActorHandle<CoreFns.Counter> holder = Trellis.actor(CoreFns.Counter::new, 0)
                .options(o -> o.resources(Map.of("gpu-slot", 1))).remote();
        holder.task(CoreFns.Counter::value).remote().get();
        assertThat(Trellis.nodes().getFirst().available().custom().get("gpu-slot")).isZero();
        ActorHandle<CoreFns.Counter> second = Trellis.actor(CoreFns.Counter::new, 7)
                .options(o -> o.resources(Map.of("gpu-slot", 1))).remote();
        ObjectRef<Integer> waits = second.task(CoreFns.Counter::value).remote();
        assertThatThrownBy(() -> waits.get(Duration.ofMillis(200))).isInstanceOf(GetTimeoutException.class);
        Trellis.kill(holder);
        assertThat(waits.get(Duration.ofSeconds(5))).isEqualTo(7);
    }

    @Test
    void anUnnamedActorWithNoHandleLeftIsStopped() {
        ActorHandle<CoreFns.Counter> named = Trellis.actor(CoreFns.Counter::new, 0).options(o -> o.name("kept")).remote();
        named.task(CoreFns.Counter::value).remote().get();
        createAndDrop();
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            System.gc();
            assertThat(Trellis.nodes().getFirst().actors()).isEqualTo(1);
        });
        assertThat(Trellis.getActor("kept", CoreFns.Counter.class)).isPresent();
    }

    private static void createAndDrop() {
        ActorHandle<CoreFns.Counter> dropped = Trellis.actor(CoreFns.Counter::new, 0).remote();
        dropped.task(CoreFns.Counter::value).remote().get();
    }

    @Test
    void detachedActorsNeedAName() {
        assertThatThrownBy(() -> Trellis.actor(CoreFns.Counter::new, 0).options(o -> o.lifetime(ActorLifetime.DETACHED)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("DETACHED needs a name");
    }
}
