package dev.trellis.serve.internal.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.core.ManualClock;
import dev.trellis.serve.UserCodeException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Streaming batches: {@link Batcher} with {@link StreamingBatch} and per-caller {@link StreamItem}s. */
class StreamingBatchTest {
    private final ManualClock clock = new ManualClock();
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private final ManualExecutor executor = new ManualExecutor();
    private final LiveBatchSettings settings = new LiveBatchSettings("Llm.generate",
            new BatchSettings(3, Duration.ofMillis(10), 1));
    private final AtomicBoolean methodStreamClosed = new AtomicBoolean();
    private final AtomicInteger stepsProduced = new AtomicInteger();

    /** Caller i asks for {@code n} tokens: it gets "n:0" ... "n:(n-1)", then its entry is null. */
    private static List<String> step(List<Integer> counts, int s) {
        var entries = new ArrayList<String>();
        for (int n : counts) {
            entries.add(s < n ? n + ":" + s : null);
        }
        return entries;
    }

    private Batcher<StreamItem<Integer, String>> batcher(StreamingBatch.Function<Integer> method) {
        return new Batcher<>("Llm.generate", settings, new StreamingBatch<>("Llm.generate", method), clock, scheduler,
                executor);
    }

    private Batcher<StreamItem<Integer, String>> tokens() {
        return batcher(counts -> IntStream.range(0, counts.stream().max(Integer::compare).orElse(0) + 5)
                .peek(s -> stepsProduced.incrementAndGet())
                .mapToObj(s -> step(counts, s))
                .onClose(() -> methodStreamClosed.set(true)));
    }

    private static StreamItem<Integer, String> submit(Batcher<StreamItem<Integer, String>> batcher, int n, int buffer) {
        var item = new StreamItem<Integer, String>(n, buffer);
        batcher.submit(item);
        return item;
    }

    private static List<String> drain(StreamItem<Integer, String> item) {
        var out = new ArrayList<String>();
        item.iterator().forEachRemaining(out::add);
        return out;
    }

    @Test
    void eachCallerReceivesItsOwnEntriesAndItsStreamEndsAtItsNull() {
        var batcher = tokens();
        var one = submit(batcher, 1, 16);
        var three = submit(batcher, 3, 16);
        var two = submit(batcher, 2, 16);
        executor.runAll();

        assertThat(drain(one)).containsExactly("1:0");
        assertThat(drain(three)).containsExactly("3:0", "3:1", "3:2");
        assertThat(drain(two)).containsExactly("2:0", "2:1");
    }

    @Test
    void theMethodsStreamIsReadOnlyWhileSomeCallerIsStillThereAndThenClosed() {
        var batcher = tokens();
        submit(batcher, 2, 16);
        submit(batcher, 1, 16);
        scheduler.advance(Duration.ofMillis(10));
        executor.runAll();

        assertThat(stepsProduced.get()).as("two steps, and the third whose entries are both null").isEqualTo(3);
        assertThat(methodStreamClosed).isTrue();
    }

    @Test
    void aStepOfTheWrongLengthFailsEveryCallerStillReadingAfterWhatItReceived() {
        var batcher = batcher(counts -> List.of(List.of("a0", "b0"), List.of("a1")).iterator());
        var a = submit(batcher, 1, 16);
        var b = submit(batcher, 1, 16);
        scheduler.advance(Duration.ofMillis(10));
        executor.runAll();

        Iterator<String> first = a.iterator();
        assertThat(first.next()).isEqualTo("a0");
        assertThatThrownBy(first::hasNext).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("@Batch method Llm.generate produced a step of 1 results for a batch of 2 inputs");
        Iterator<String> second = b.iterator();
        assertThat(second.next()).isEqualTo("b0");
        assertThatThrownBy(second::hasNext).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aFailureMidStreamReachesCallersStillReadingButNotThoseWhoseStreamEnded() {
        var batcher = batcher(counts -> Stream.of(0, 1, 2).map(s -> {
            if (s == 2) {
                throw new IllegalArgumentException("generation failed at step 2");
            }
            return s == 0 ? List.of("a0", "b0") : Arrays2.listOf(null, "b1");
        }));
        var a = submit(batcher, 1, 16);
        var b = submit(batcher, 2, 16);
        scheduler.advance(Duration.ofMillis(10));
        executor.runAll();

        assertThat(drain(a)).containsExactly("a0");
        Iterator<String> bs = b.iterator();
        assertThat(bs.next()).isEqualTo("b0");
        assertThat(bs.next()).isEqualTo("b1");
        assertThatThrownBy(bs::hasNext).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("generation failed at step 2");
    }

    @Test
    void aCheckedExceptionReachesTheReaderWithItsTypeAndMessage() {
        var batcher = batcher(counts -> {
            throw new IOException("model file missing");
        });
        var a = submit(batcher, 1, 16);
        scheduler.advance(Duration.ofMillis(10));
        executor.runAll();

        assertThatThrownBy(() -> a.iterator().hasNext()).isInstanceOf(UserCodeException.class)
                .satisfies(e -> assertThat(((UserCodeException) e).exceptionType()).isEqualTo("java.io.IOException"))
                .hasMessageContaining("model file missing");
    }

    @Test
    void aMethodReturningNullFailsEveryCaller() {
        var batcher = batcher(counts -> null);
        var a = submit(batcher, 1, 16);
        scheduler.advance(Duration.ofMillis(10));
        executor.runAll();

        assertThatThrownBy(() -> a.iterator().hasNext()).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("@Batch method Llm.generate returned null for a batch of 1 inputs");
    }

    @Test
    void aCallerThatLeftWhileQueuedIsNotPartOfTheBatch() {
        var seen = new ArrayList<List<Integer>>();
        var batcher = batcher(counts -> {
            seen.add(List.copyOf(counts));
            return Stream.of(step(counts, 0));
        });
        var a = submit(batcher, 1, 16);
        var b = submit(batcher, 2, 16);
        a.stream().close();
        scheduler.advance(Duration.ofMillis(10));
        executor.runAll();

        assertThat(seen).containsExactly(List.of(2));
        assertThat(drain(b)).containsExactly("2:0");
        assertThat(drain(a)).isEmpty();
    }

    @Test
    void whenEveryCallerHasLeftTheBatchStopsReadingTheMethod() {
        var items = new ArrayList<StreamItem<Integer, String>>();
        var leaving = batcher(counts -> IntStream.range(0, 1000).peek(s -> {
            stepsProduced.incrementAndGet();
            if (s == 2) {
                items.forEach(StreamItem::leave);
            }
        }).mapToObj(s -> step(counts, s)).onClose(() -> methodStreamClosed.set(true)));
        items.add(submit(leaving, 1000, 16));
        items.add(submit(leaving, 1000, 16));
        scheduler.advance(Duration.ofMillis(10));
        executor.runAll();

        assertThat(stepsProduced.get()).isEqualTo(3);
        assertThat(methodStreamClosed).isTrue();
        assertThat(leaving.runningBatches()).isZero();
    }

    @Test
    void aSlowReaderHoldsTheBatchBackUntilItReadsOrLeaves() throws Exception {
        var batcher = tokens();
        var slow = submit(batcher, 100, 2);
        var fast = submit(batcher, 100, 2);
        scheduler.advance(Duration.ofMillis(10));
        Thread producer = Thread.ofVirtual().start(executor::runAll);

        var received = new ArrayList<String>();
        Iterator<String> fastItems = fast.iterator();
        for (int i = 0; i < 2; i++) {
            received.add(fastItems.next());
        }
        // Both buffers hold two results: the batch waits for the slow reader, whose buffer is full.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> producer.getState() == Thread.State.WAITING);
        assertThat(stepsProduced.get()).isLessThanOrEqualTo(5);

        slow.leave();
        fastItems.forEachRemaining(received::add);
        producer.join(Duration.ofSeconds(10));

        assertThat(received).hasSize(100).startsWith("100:0", "100:1").endsWith("100:99");
        assertThat(producer.isAlive()).isFalse();
    }

    @Test
    void aReaderInterruptedWhileWaitingLeavesAndItsThreadStaysInterrupted() {
        var batcher = tokens();
        var item = submit(batcher, 1, 16);
        Thread.currentThread().interrupt();

        assertThatThrownBy(() -> item.iterator().hasNext())
                .isInstanceOf(java.util.concurrent.CancellationException.class);

        assertThat(Thread.interrupted()).isTrue();
        assertThat(batcher.queued()).isZero();
    }

    /** {@code List.of} refuses nulls; steps use them to end a caller's stream. */
    private static final class Arrays2 {
        @SafeVarargs
        static <T> List<T> listOf(T... entries) {
            return Collections.unmodifiableList(java.util.Arrays.asList(entries));
        }
    }
}
