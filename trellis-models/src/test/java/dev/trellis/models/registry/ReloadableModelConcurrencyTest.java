package dev.trellis.models.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.models.registry.FakeRuntime.FakeModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many threads predicting while the model is reloaded again and again: no call fails, none runs
 * on a closed model, and every model swapped out is closed exactly once.
 */
class ReloadableModelConcurrencyTest {
    private static final int CALLERS = 8;
    private static final int RELOADS = 200;

    @TempDir
    Path dir;

    @Test
    void predictionsNeverFailOrTouchAClosedModelWhileReloading() throws Exception {
        ModelRegistry registry = ModelRegistry.open(dir.resolve("registry"));
        registry.register("demo", FakeRuntime.write(dir.resolve("a.fake"), 1, 0).toString());
        registry.register("demo", FakeRuntime.write(dir.resolve("b.fake"), 2, 0).toString());
        Set<Path> artifacts = Set.of(registry.version("demo", 1).artifact(), registry.version("demo", 2).artifact());
        int usedAfterCloseBefore = FakeRuntime.USED_AFTER_CLOSE.get();

        ReloadableModel model = ReloadableModel.load(registry, "models:/demo/1");
        var failures = new ConcurrentLinkedQueue<Throwable>();
        var stop = new AtomicBoolean();
        var calls = new AtomicInteger();
        var started = new CountDownLatch(CALLERS);
        // Platform threads: they are preempted, so busy callers cannot starve the reloader (or each other).
        try (ExecutorService pool = Executors.newFixedThreadPool(CALLERS)) {
            List<Future<?>> callers = new ArrayList<>();
            for (int c = 0; c < CALLERS; c++) {
                callers.add(pool.submit(() -> {
                    started.countDown();
                    while (!stop.get()) {
                        try {
                            float score = model.predict(new float[] {1, 1}).scores()[0];
                            assertThat(score).isIn(1f, 2f);
                            calls.incrementAndGet();
                        } catch (Throwable t) {
                            failures.add(t);
                        }
                    }
                }));
            }
            started.await();
            for (int i = 0; i < RELOADS; i++) {
                assertThat(model.reload("models:/demo/" + (i % 2 == 0 ? 2 : 1))).isTrue();
            }
            stop.set(true);
            for (var caller : callers) {
                caller.get();
            }
        }
        model.close();

        assertThat(failures).isEmpty();
        assertThat(calls.get()).isPositive();
        assertThat(FakeRuntime.USED_AFTER_CLOSE.get()).isEqualTo(usedAfterCloseBefore);
        List<FakeModel> served = FakeRuntime.LOADED.stream().filter(m -> artifacts.contains(m.file)).toList();
        assertThat(served).as("two signature loads at registration, the first load, one per reload")
                .hasSize(2 + 1 + RELOADS);
        assertThat(served).allSatisfy(m -> assertThat(m.closeCount).as(m.file.toString()).hasValue(1));
    }
}
