package dev.trellis.serve.internal.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.core.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The batching rule of {@link Batcher} with {@link UnaryBatch}, on a manual clock, scheduler and executor. */
class BatcherTest {
    private final ManualClock clock = new ManualClock();
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private final ManualExecutor executor = new ManualExecutor();
    private final List<List<Integer>> batchesSeen = new ArrayList<>();
    private final LiveBatchSettings settings = new LiveBatchSettings("Model.predict",
            new BatchSettings(4, Duration.ofMillis(10), 1));
    /** Runs inside the method, after it has seen its batch (a test's hook into a running batch). */
    private Consumer<List<Integer>> duringBatch = inputs -> { };
    private final Batcher<UnaryItem<Integer, String>> batcher = new Batcher<>("Model.predict", settings,
            new UnaryBatch<>("Model.predict", inputs -> {
                batchesSeen.add(List.copyOf(inputs));
                duringBatch.accept(inputs);
                return inputs.stream().map(x -> "r" + x).toList();
            }), clock, scheduler, executor);

    private UnaryItem<Integer, String> submit(int x) {
        var item = new UnaryItem<Integer, String>(x);
        batcher.submit(item);
        return item;
    }

    private List<UnaryItem<Integer, String>> submitAll(int... xs) {
        var items = new ArrayList<UnaryItem<Integer, String>>();
        for (int x : xs) {
            items.add(submit(x));
        }
        return items;
    }

    private static String resultOf(UnaryItem<Integer, String> item) {
        assertThat(item.result()).isDone();
        return item.result().join();
    }

    @Test
    void aFullBatchIsSentAtOnceWithoutWaitingForTheTimeout() {
        var items = submitAll(1, 2, 3, 4);

        assertThat(executor.pending()).isEqualTo(1);
        executor.runAll();

        assertThat(batchesSeen).containsExactly(List.of(1, 2, 3, 4));
        assertThat(items).extracting(BatcherTest::resultOf).containsExactly("r1", "r2", "r3", "r4");
        assertThat(scheduler.activeTimers()).isZero();
    }

    @Test
    void itemsBeyondAFullBatchWaitForTheNextOne() {
        var items = submitAll(1, 2, 3, 4, 5, 6);
        executor.runAll();

        assertThat(batchesSeen).containsExactly(List.of(1, 2, 3, 4));
        assertThat(batcher.queued()).isEqualTo(2);
        scheduler.advance(Duration.ofMillis(10));
        executor.runAll();

        assertThat(batchesSeen).containsExactly(List.of(1, 2, 3, 4), List.of(5, 6));
        assertThat(items).extracting(BatcherTest::resultOf).containsExactly("r1", "r2", "r3", "r4", "r5", "r6");
    }

    @Test
    void aPartialBatchIsSentWhenTheTimeoutSinceItsFirstItemExpires() {
        var first = submit(1);
        scheduler.advance(Duration.ofMillis(6));
        var second = submit(2);
        scheduler.advance(Duration.ofMillis(3));
        assertThat(executor.pending()).as("9 ms after the first item").isZero();

        scheduler.advance(Duration.ofMillis(1));

        assertThat(executor.pending()).as("10 ms after the first item, 4 ms after the last").isEqualTo(1);
        executor.runAll();
        assertThat(batchesSeen).containsExactly(List.of(1, 2));
        assertThat(resultOf(first)).isEqualTo("r1");
        assertThat(resultOf(second)).isEqualTo("r2");
    }

    @Test
    void nothingIsSentBeforeTheTimeout() {
        var item = submit(1);
        scheduler.advance(Duration.ofNanos(9_999_999));

        assertThat(executor.pending()).isZero();
        assertThat(item.result()).isNotDone();
        assertThat(batcher.queued()).isEqualTo(1);
        assertThat(scheduler.activeTimers()).isEqualTo(1);
    }

    @Test
    void aZeroTimeoutSendsWhateverHasArrived() {
        settings.setBatchWaitTimeout(Duration.ZERO);
        submit(1);
        assertThat(executor.pending()).isEqualTo(1);
        submit(2);
        submit(3);
        executor.runAll();

        assertThat(batchesSeen).containsExactly(List.of(1), List.of(2, 3));
    }

    @Test
    void anExceptionFailsEveryCallerOfTheBatchWithTheSameException() {
        var boom = new IllegalArgumentException("bad input in batch");
        duringBatch = inputs -> {
            throw boom;
        };
        var items = submitAll(1, 2, 3, 4);
        executor.runAll();

        assertThat(items).allSatisfy(item -> assertThatThrownBy(() -> item.result().join())
                .isInstanceOf(CompletionException.class).hasCause(boom));
    }

    @Test
    void aFailedBatchDoesNotAffectTheNextOne() {
        duringBatch = inputs -> {
            throw new IllegalStateException("first batch fails");
        };
        submitAll(1, 2, 3, 4);
        executor.runAll();
        duringBatch = inputs -> { };

        var next = submitAll(5, 6, 7, 8);
        executor.runAll();

        assertThat(next).extracting(BatcherTest::resultOf).containsExactly("r5", "r6", "r7", "r8");
    }

    @Test
    void aResultListOfTheWrongLengthFailsEveryCallerNamingTheMethodAndBothSizes() {
        var batcher = new Batcher<UnaryItem<Integer, String>>("Model.predict", settings,
                new UnaryBatch<>("Model.predict", inputs -> List.of("a", "b", "c")), clock, scheduler, executor);
        var items = new ArrayList<UnaryItem<Integer, String>>();
        for (int i = 0; i < 4; i++) {
            items.add(new UnaryItem<>(i));
            batcher.submit(items.getLast());
        }
        executor.runAll();

        assertThat(items).allSatisfy(item -> assertThatThrownBy(() -> item.await())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("@Batch method Model.predict returned 3 results for a batch of 4 inputs"));
    }

    @Test
    void aNullResultFailsEveryCaller() {
        var batcher = new Batcher<UnaryItem<Integer, String>>("Model.predict", settings,
                new UnaryBatch<>("Model.predict", inputs -> null), clock, scheduler, executor);
        var item = new UnaryItem<Integer, String>(1);
        batcher.submit(item);
        scheduler.advance(Duration.ofMillis(10));
        executor.runAll();

        assertThatThrownBy(item::await).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("@Batch method Model.predict returned null for a batch of 1 inputs");
    }

    @Test
    void aCallerCancelledWhileQueuedLeavesItsBatchAndTheOthersGetTheirOwnResults() {
        var items = submitAll(1, 2, 3);
        assertThat(items.get(1).cancel()).isTrue();
        assertThat(batcher.queued()).isEqualTo(2);

        scheduler.advance(Duration.ofMillis(10));
        executor.runAll();

        assertThat(batchesSeen).containsExactly(List.of(1, 3));
        assertThat(resultOf(items.get(0))).isEqualTo("r1");
        assertThat(resultOf(items.get(2))).isEqualTo("r3");
        assertThat(items.get(1).result()).isCancelled();
    }

    @Test
    void theTimeoutOfABatchWhoseFirstItemLeftCountsFromTheNextItem() {
        var first = submit(1);
        scheduler.advance(Duration.ofMillis(5));
        var second = submit(2);
        first.cancel();

        scheduler.advance(Duration.ofMillis(5));
        assertThat(executor.pending()).as("10 ms after the item that left, 5 ms after the one still there").isZero();
        scheduler.advance(Duration.ofMillis(5));

        executor.runAll();
        assertThat(batchesSeen).containsExactly(List.of(2));
        assertThat(resultOf(second)).isEqualTo("r2");
    }

    @Test
    void theLastQueuedCallerLeavingCancelsTheTimer() {
        var item = submit(1);
        assertThat(scheduler.activeTimers()).isEqualTo(1);

        item.cancel();

        assertThat(batcher.queued()).isZero();
        assertThat(scheduler.activeTimers()).isZero();
        scheduler.advance(Duration.ofMillis(20));
        assertThat(executor.pending()).isZero();
    }

    @Test
    void aCallerCancelledAfterItsBatchWasSentButBeforeItStartedIsLeftOut() {
        var items = submitAll(1, 2, 3, 4);
        assertThat(executor.pending()).isEqualTo(1);

        items.get(2).cancel();
        executor.runAll();

        assertThat(batchesSeen).containsExactly(List.of(1, 2, 4));
        assertThat(items).extracting(i -> i.result().isCancelled()).containsExactly(false, false, true, false);
        assertThat(resultOf(items.get(3))).isEqualTo("r4");
    }

    @Test
    void aCallerCancelledWhileItsBatchRunsGetsNoResultAndTheOthersTheirOwn() {
        var items = new ArrayList<UnaryItem<Integer, String>>();
        duringBatch = inputs -> items.get(1).cancel();
        items.addAll(submitAll(1, 2, 3, 4));
        executor.runAll();

        assertThat(batchesSeen).containsExactly(List.of(1, 2, 3, 4));
        assertThat(items.get(1).result()).isCancelled();
        assertThat(resultOf(items.get(0))).isEqualTo("r1");
        assertThat(resultOf(items.get(2))).isEqualTo("r3");
        assertThat(resultOf(items.get(3))).isEqualTo("r4");
    }

    @Test
    void laterBatchesAreUnaffectedByCallersThatLeft() {
        var queuedThenLeft = submit(1);
        queuedThenLeft.cancel();
        var items = new ArrayList<UnaryItem<Integer, String>>();
        duringBatch = inputs -> {
            if (inputs.contains(2)) {
                items.get(0).cancel();
            }
        };
        items.addAll(submitAll(2, 3, 4, 5));
        executor.runAll();
        duringBatch = inputs -> { };

        var later = submitAll(6, 7, 8, 9, 10);
        executor.runAll();
        scheduler.advance(Duration.ofMillis(10));
        executor.runAll();

        assertThat(batchesSeen).containsExactly(List.of(2, 3, 4, 5), List.of(6, 7, 8, 9), List.of(10));
        assertThat(later).extracting(BatcherTest::resultOf).containsExactly("r6", "r7", "r8", "r9", "r10");
        assertThat(batcher.queued()).isZero();
        assertThat(batcher.runningBatches()).isZero();
    }

    @Test
    void aBatchWhoseCallersAllLeftIsNotRun() {
        var items = submitAll(1, 2, 3, 4);
        items.forEach(UnaryItem::cancel);

        executor.runAll();

        assertThat(batchesSeen).isEmpty();
        assertThat(batcher.runningBatches()).isZero();
    }

    @Test
    void atMostMaxConcurrentBatchesRunAtOnce() {
        settings.setMaxConcurrentBatches(2);
        submitAll(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);

        assertThat(executor.pending()).isEqualTo(2);
        assertThat(batcher.runningBatches()).isEqualTo(2);
        assertThat(batcher.queued()).isEqualTo(4);

        executor.runNext();
        assertThat(executor.pending()).as("a slot freed: the third batch starts").isEqualTo(2);
        executor.runAll();
        assertThat(batchesSeen).containsExactly(List.of(1, 2, 3, 4), List.of(5, 6, 7, 8), List.of(9, 10, 11, 12));
    }

    @Test
    void itemsThatOutwaitedTheTimeoutWhileAllSlotsWereBusyGoOutAsSoonAsASlotFrees() {
        submitAll(1, 2, 3, 4);
        var late = submitAll(5, 6);
        scheduler.advance(Duration.ofMillis(50));
        assertThat(executor.pending()).as("the one slot is still taken").isEqualTo(1);

        executor.runNext();

        assertThat(executor.pending()).as("no new wait: their deadline has passed").isEqualTo(1);
        executor.runNext();
        assertThat(batchesSeen).containsExactly(List.of(1, 2, 3, 4), List.of(5, 6));
        assertThat(late).extracting(BatcherTest::resultOf).containsExactly("r5", "r6");
    }

    @Test
    void aSmallerMaxBatchSizeAppliesToTheNextBatch() {
        submitAll(1, 2, 3, 4);
        settings.setMaxBatchSize(2);
        submitAll(5, 6, 7);
        executor.runAll();

        assertThat(batchesSeen).containsExactly(List.of(1, 2, 3, 4), List.of(5, 6));
        assertThat(batcher.queued()).isEqualTo(1);
    }

    @Test
    void aLargerMaxBatchSizeLetsTheQueuedBatchGrow() {
        submitAll(1, 2, 3);
        settings.setMaxBatchSize(6);
        submitAll(4, 5);
        assertThat(executor.pending()).isZero();
        submit(6);
        executor.runAll();

        assertThat(batchesSeen).containsExactly(List.of(1, 2, 3, 4, 5, 6));
    }

    @Test
    void aShorterTimeoutAppliesToItemsAlreadyWaiting() {
        settings.setBatchWaitTimeout(Duration.ofSeconds(10));
        submit(1);
        scheduler.advance(Duration.ofMillis(5));
        assertThat(executor.pending()).isZero();

        settings.setBatchWaitTimeout(Duration.ofMillis(5));

        assertThat(executor.pending()).as("its 5 ms are already over").isEqualTo(1);
        executor.runAll();
        assertThat(batchesSeen).containsExactly(List.of(1));
    }

    @Test
    void closingFailsQueuedItemsAndRefusesNewOnes() {
        var queued = submit(1);
        batcher.close(new IllegalStateException("replica closed"));

        var late = submit(2);

        assertThatThrownBy(queued::await).hasMessage("replica closed");
        assertThatThrownBy(late::await).hasMessage("replica closed");
        assertThat(scheduler.activeTimers()).isZero();
    }

    @Test
    void aWaitingThreadThatIsInterruptedLeavesItsBatch() throws Exception {
        var item = submit(1);
        Thread.currentThread().interrupt();

        assertThatThrownBy(item::await).isInstanceOf(InterruptedException.class);

        assertThat(batcher.queued()).isZero();
        assertThat(item.result()).isCancelled();
        assertThatThrownBy(() -> item.result().join()).isInstanceOf(CancellationException.class);
    }
}
