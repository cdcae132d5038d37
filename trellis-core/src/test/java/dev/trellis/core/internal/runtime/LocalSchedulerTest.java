package dev.trellis.core.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.core.Resources;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The local scheduler on a manual executor: bodies run only when the test runs them. */
class LocalSchedulerTest {
    private final ArrayDeque<Runnable> started = new ArrayDeque<>();
    private final List<String> order = new ArrayList<>();
    private final Map<String, LocalScheduler.Lease> leases = new java.util.HashMap<>();

    /** Work that records it started and keeps its lease (released by the test). */
    private java.util.function.Consumer<LocalScheduler.Lease> work(String name) {
        return lease -> {
            order.add(name);
            leases.put(name, lease);
        };
    }

    private void runStarted() {
        while (!started.isEmpty()) {
            started.poll().run();
        }
    }

    @Test
    void workStartsInArrivalOrderWhenItFitsAndABigRequestDoesNotBlockSmallOnes() {
        var s = new LocalScheduler(Resources.of(2, 0), started::add);
        s.submit(Resources.of(1, 0), "a", work("a"));
        s.submit(Resources.of(2, 0), "big", work("big"));
        s.submit(Resources.of(1, 0), "b", work("b"));
        s.submit(Resources.of(1, 0), "c", work("c"));
        runStarted();
        assertThat(order).containsExactly("a", "b");
        assertThat(s.pending()).hasSize(2).first().asString().startsWith("big: waits for {CPU: 2, GPU: 0}");

        leases.get("a").release();
        runStarted();
        // Of the two that wait, "big" arrived first but does not fit; "c" does.
        assertThat(order).containsExactly("a", "b", "c");
        leases.get("b").release();
        leases.get("c").release();
        runStarted();
        assertThat(order).containsExactly("a", "b", "c", "big");
        assertThat(s.available().cpus()).isZero();
        leases.get("big").release();
        leases.get("big").release(); // idempotent
        assertThat(s.available()).isEqualTo(Resources.of(2, 0));
        assertThat(s.waiting()).isZero();
    }

    @Test
    void aBlockedTaskLendsItsCpusAndTakesThemBackWhenItResumes() {
        var s = new LocalScheduler(Resources.of(1, 0), started::add);
        s.submit(Resources.of(1, 0), "outer", work("outer"));
        s.submit(Resources.of(1, 0), "inner", work("inner"));
        runStarted();
        assertThat(order).containsExactly("outer");
        leases.get("outer").lend();
        runStarted();
        assertThat(order).containsExactly("outer", "inner");
        leases.get("outer").reclaim();
        assertThat(s.available().cpus()).isZero();
        leases.get("inner").release();
        leases.get("outer").release();
        assertThat(s.available()).isEqualTo(Resources.of(1, 0));
    }

    @Test
    void zeroCpuWorkIsBoundedBySlotsAndABlockedBodyGivesItsSlotBack() {
        var s = new LocalScheduler(Resources.of(1, 0), started::add, 2);
        List<Runnable> bodies = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            s.submit(Resources.NONE, "z" + i, work("z" + i));
        }
        // Two bodies may run; they have not returned yet.
        bodies.addAll(started);
        started.clear();
        assertThat(bodies).hasSize(2);
        assertThat(s.waiting()).isEqualTo(3);
        assertThat(s.pending().getFirst()).contains("every zero-CPU worker slot is busy");

        bodies.getFirst().run(); // z0 returns: its slot frees, z2 may start
        assertThat(started).hasSize(1);
        started.poll().run(); // z2 returns
        assertThat(started).hasSize(1);
        assertThat(order).containsExactly("z0", "z2");
    }

    @Test
    void aBlockedZeroCpuBodyGivesItsSlotBackWhileItWaits() throws Exception {
        var s = new LocalScheduler(Resources.of(1, 0), r -> Thread.ofVirtual().start(r), 1);
        var waiterLease = new java.util.concurrent.CompletableFuture<LocalScheduler.Lease>();
        var resume = new java.util.concurrent.CountDownLatch(1);
        var innerRan = new java.util.concurrent.CountDownLatch(1);
        s.submit(Resources.NONE, "waiter", lease -> {
            waiterLease.complete(lease);
            try {
                resume.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            lease.release();
        });
        s.submit(Resources.NONE, "inner", lease -> {
            innerRan.countDown();
            lease.release();
        });
        LocalScheduler.Lease waiter = waiterLease.get(5, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(s.waiting()).as("the only slot is the waiter's").isEqualTo(1);
        waiter.lend();
        assertThat(innerRan.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        waiter.reclaim();
        resume.countDown();
    }

    @Test
    void manyWaitingTasksOfOneDemandAllRunAsCpusFree() {
        var s = new LocalScheduler(Resources.of(2, 0), started::add);
        for (int i = 0; i < 20_000; i++) {
            s.submit(Resources.of(1, 0), "t" + i, work("t" + i));
        }
        int done = 0;
        while (done < 20_000) {
            assertThat(started).isNotEmpty();
            Runnable r = started.poll();
            r.run();
            leases.get(order.getLast()).release();
            done++;
        }
        assertThat(order).hasSize(20_000).startsWith("t0", "t1", "t2").endsWith("t19999");
        assertThat(s.waiting()).isZero();
        assertThat(s.cancelWaiting()).isZero();
    }

    @Test
    void queuedWorkIsWithdrawnOnlyWhileNothingRunsThatCouldFreeItsResources() {
        var s = new LocalScheduler(Resources.of(1, 0), started::add);
        // An actor-like holder: its body returns at once but it keeps half the CPU.
        s.submit(Resources.of(0.5, 0), "actor", work("actor"));
        runStarted();
        Object waiting = s.submitWithdrawable(Resources.of(1, 0), "task", work("task"));
        assertThat(s.waiting()).isEqualTo(1);
        // Nothing runs, so nothing will free the CPU it needs: it may go.
        assertThat(s.withdrawIfIdle(waiting)).isEqualTo(LocalScheduler.Withdrawal.WITHDRAWN);
        assertThat(s.waiting()).isZero();
        leases.get("actor").release();
        runStarted();
        assertThat(order).containsExactly("actor");

        // While a body runs (it will free its CPU), the queued one stays.
        s.submit(Resources.of(1, 0), "busy", work("busy"));
        Object queued = s.submitWithdrawable(Resources.of(1, 0), "next", work("next"));
        assertThat(s.withdrawIfIdle(queued)).isEqualTo(LocalScheduler.Withdrawal.STILL_WAITING);
        runStarted();
        leases.get("busy").release();
        runStarted();
        assertThat(s.withdrawIfIdle(queued)).isEqualTo(LocalScheduler.Withdrawal.STARTED);
        assertThat(order).containsExactly("actor", "busy", "next");
    }
}
