package dev.trellis.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TrellisTasksTest {
    @BeforeEach
    void start() {
        Trellis.init(TrellisOptions.builder().numCpus(2).customResources(Map.of("special", 1)).build());
    }

    @AfterEach
    void stop() {
        Trellis.shutdown();
    }

    @Test
    void aTaskReturnsItsResultThroughTheRef() {
        ObjectRef<Integer> ref = Trellis.task(CoreFns::square, 7).remote();
        assertThat(ref.get()).isEqualTo(49);
        assertThat(ref.isReady()).isTrue();
    }

    @Test
    void tasksTakeZeroToSixArguments() {
        assertThat(Trellis.task(CoreFns::hello).remote().get()).isEqualTo("hello");
        assertThat(Trellis.task(CoreFns::add, 2, 3).remote().get()).isEqualTo(5);
        assertThat(Trellis.task(CoreFns::sum6, 1, 2, 3, 4, 5, 6).remote().get()).isEqualTo(21);
    }

    @Test
    void refArgumentsAreResolvedBeforeTheTaskRuns() {
        ObjectRef<Integer> slow = Trellis.task(CoreFns::sleepThenReturn, 200).remote();
        ObjectRef<Integer> four = Trellis.task(CoreFns::square, 2).remote();
        ObjectRef<Integer> sum = Trellis.task(CoreFns::add, slow, four).remote();
        assertThat(sum.isReady()).isFalse();
        assertThat(sum.get()).isEqualTo(204);
    }

    @Test
    void putObjectsArePassedByReferenceWithoutACopy() {
        byte[] data = new byte[1024];
        ObjectRef<byte[]> ref = Trellis.put(data);
        assertThat(ref.get()).isSameAs(data);
        assertThat(Trellis.task(CoreFns::length, ref).remote().get()).isEqualTo(1024L);
    }

    @Test
    void anExceptionInATaskIsATaskFailedExceptionWithTheRemoteTypeMessageAndStack() {
        ObjectRef<Integer> ref = Trellis.task(CoreFns::divide, 1, 0).remote();
        assertThatThrownBy(ref::get)
                .isInstanceOfSatisfying(TaskFailedException.class, e -> {
                    assertThat(e.taskName()).isEqualTo("CoreFns.divide");
                    assertThat(e.remoteType()).isEqualTo("java.lang.ArithmeticException");
                    assertThat(e.remoteMessage()).isEqualTo("/ by zero");
                    assertThat(e.remoteStackTrace()).contains("CoreFns.divide");
                    assertThat(e.getCause()).isNull();
                });
    }

    @Test
    void aTaskWhoseArgumentFailedFailsWithTheSameError() {
        ObjectRef<Integer> bad = Trellis.task(CoreFns::divide, 1, 0).remote();
        ObjectRef<Integer> next = Trellis.task(CoreFns::square, bad).remote();
        assertThatThrownBy(next::get).isInstanceOfSatisfying(TaskFailedException.class,
                e -> assertThat(e.taskName()).isEqualTo("CoreFns.divide"));
    }

    @Test
    void getWithATimeoutThrowsGetTimeoutException() {
        ObjectRef<Integer> slow = Trellis.task(CoreFns::sleepThenReturn, 2_000).remote();
        assertThatThrownBy(() -> slow.get(Duration.ofMillis(50)))
                .isInstanceOf(GetTimeoutException.class)
                .hasMessageContaining("not ready within PT0.05S");
    }

    @Test
    void theRefIsACompletionStage() throws Exception {
        ObjectRef<Integer> ref = Trellis.task(CoreFns::square, 5).remote();
        assertThat(ref.thenApply(v -> v + 1).toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo(26);
        ObjectRef<Integer> bad = Trellis.task(CoreFns::divide, 1, 0).remote();
        assertThat(bad.handle((v, e) -> e.getCause().getClass()).toCompletableFuture().get(10, TimeUnit.SECONDS))
                .isEqualTo(TaskFailedException.class);
    }

    @Test
    void waitReturnsTheReadyRefsInTheGivenOrderAndTheRest() {
        ObjectRef<Integer> slow = Trellis.task(CoreFns::sleepThenReturn, 3_000).options(o -> o.numCpus(0)).remote();
        ObjectRef<Integer> fast1 = Trellis.task(CoreFns::square, 1).remote();
        ObjectRef<Integer> fast2 = Trellis.task(CoreFns::square, 2).remote();
        fast1.get();
        fast2.get();
        WaitResult<Integer> result = Trellis.wait(List.of(slow, fast1, fast2), 2, Duration.ofSeconds(2));
        assertThat(result.ready()).containsExactly(fast1, fast2);
        assertThat(result.unready()).containsExactly(slow);

        WaitResult<Integer> timedOut = Trellis.wait(List.of(slow), 1, Duration.ofMillis(50));
        assertThat(timedOut.ready()).isEmpty();
    }

    @Test
    void getOfAListReturnsValuesInOrder() {
        var refs = new ArrayList<ObjectRef<Integer>>();
        for (int i = 0; i < 20; i++) {
            refs.add(Trellis.task(CoreFns::square, i).remote());
        }
        assertThat(Trellis.get(refs)).startsWith(0, 1, 4, 9).hasSize(20).endsWith(361);
    }

    @Test
    void aRequestNoNodeCanEverSatisfyFailsNamingTheResources() {
        ObjectRef<Integer> ref = Trellis.task(CoreFns::square, 2).options(o -> o.numCpus(8)).remote();
        assertThatThrownBy(ref::get).isInstanceOf(UnschedulableException.class)
                .hasMessageContaining("CoreFns.square")
                .hasMessageContaining("CPU: 8");
        ObjectRef<Integer> custom = Trellis.task(CoreFns::square, 2)
                .options(o -> o.resources(Map.of("special", 2))).remote();
        assertThatThrownBy(custom::get).isInstanceOf(UnschedulableException.class).hasMessageContaining("special");
    }

    @Test
    void aRequestThatCannotRunNowWaitsAndShowsAsPending() {
        ObjectRef<Integer> holder = Trellis.task(CoreFns::sleepThenReturn, 500)
                .options(o -> o.resources(Map.of("special", 1))).remote();
        ObjectRef<Integer> waiting = Trellis.task(CoreFns::square, 3)
                .options(o -> o.resources(Map.of("special", 1)).name("needs-special")).remote();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(Trellis.nodes().getFirst().pending()).anyMatch(p -> p.startsWith("needs-special: waits for")));
        assertThat(waiting.get(Duration.ofSeconds(10))).isEqualTo(9);
        assertThat(holder.get()).isEqualTo(500);
    }

    @Test
    void aTaskBlockedInGetLendsItsCpuSoNestedTasksRun() {
        // Two CPUs, three outer tasks that each wait for an inner task: without lending this deadlocks.
        var outer = new ArrayList<ObjectRef<Integer>>();
        for (int i = 1; i <= 3; i++) {
            outer.add(Trellis.task(CoreFns::squareViaNestedTask, i).remote());
        }
        assertThat(Trellis.get(outer, Duration.ofSeconds(10))).containsExactly(1, 4, 9);
    }

    @Test
    void cpuBoundTaskBodiesRunOnPlatformWorkerThreads() {
        assertThat(Trellis.task(CoreFns::threadName).remote().get()).startsWith("trellis-worker-");
    }

    @Test
    void applicationExceptionsAreRetriedOnlyWhenAsked() {
        ObjectRef<Integer> noRetry = Trellis.task(CoreFns::divide, 1, 0).options(o -> o.maxRetries(2)).remote();
        assertThatThrownBy(noRetry::get).isInstanceOf(TaskFailedException.class);
        ObjectRef<Integer> retried = Trellis.task(CoreFns::divide, 1, 0)
                .options(o -> o.maxRetries(2).retryExceptions(true)).remote();
        assertThatThrownBy(retried::get).isInstanceOf(TaskFailedException.class);
    }

    @Test
    void initTwiceAndUseBeforeInitAreClearErrors() {
        assertThatThrownBy(() -> Trellis.init()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already initialized");
        Trellis.shutdown();
        assertThatThrownBy(() -> Trellis.task(CoreFns::square, 1).remote())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("call Trellis.init() first");
        Trellis.init(TrellisOptions.builder().numCpus(1).build());
    }

    @Test
    void badOptionsNameTheSettingAndValue() {
        assertThatThrownBy(() -> Trellis.task(CoreFns::square, 1).options(o -> o.numCpus(-1)))
                .hasMessage("num_cpus must be a finite number >= 0, was -1.0");
        assertThatThrownBy(() -> Trellis.task(CoreFns::square, 1).options(o -> o.maxRetries(-2)))
                .hasMessage("max_retries must be >= 0, or -1 for unlimited, was -2");
        assertThatThrownBy(() -> Trellis.task(CoreFns::square, 1).options(o -> o.resources(Map.of("CPU", 1))))
                .hasMessageContaining("use num_cpus");
        assertThatThrownBy(() -> TrellisOptions.connect("nohost")).hasMessage("address must be host:port, was 'nohost'");
        assertThatThrownBy(() -> Trellis.wait(List.of(Trellis.put(1)), 2, Duration.ZERO))
                .hasMessage("num_returns must be 0 to 1 (the number of refs), was 2");
    }

    @Test
    void aLambdaThatCapturesValuesIsRefusedWithAHint() {
        int captured = 3;
        assertThatThrownBy(() -> Trellis.task((Integer x) -> x + captured, 1).remote())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pass those values as arguments instead");
    }
}
