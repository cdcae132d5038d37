package dev.trellis.models.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Registrations racing each other, each through its own {@link ModelRegistry} as separate
 * processes would, while readers list and resolve: every registration gets its own version
 * number, and readers only ever see complete versions.
 */
class ModelRegistryConcurrencyTest {
    private static final int WRITERS = 6;
    private static final int REGISTRATIONS_EACH = 5;

    @TempDir
    Path dir;

    @Test
    void concurrentRegistrationsNeverShareAVersionNumber() throws Exception {
        Path root = dir.resolve("registry");
        Path file = FakeRuntime.write(dir.resolve("m.fake"), 1, 2);
        var readerFailures = new ConcurrentLinkedQueue<Throwable>();
        var stop = new AtomicBoolean();
        var start = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(WRITERS + 1)) {
            Future<?> reader = pool.submit(() -> {
                ModelRegistry registry = ModelRegistry.open(root);
                while (!stop.get()) {
                    try {
                        for (RegisteredModel m : registry.list()) {
                            assertThat(m.latest().signature()).isPresent();
                            assertThat(registry.resolve("models:/" + m.name() + "/latest").artifact()).exists();
                        }
                    } catch (Throwable t) {
                        readerFailures.add(t);
                    }
                    Thread.yield();
                }
            });
            List<Future<List<Integer>>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                writers.add(pool.submit(() -> {
                    ModelRegistry registry = ModelRegistry.open(root);
                    start.await();
                    var versions = new ArrayList<Integer>();
                    for (int i = 0; i < REGISTRATIONS_EACH; i++) {
                        versions.add(registry.register("shared", file.toString()).version());
                    }
                    return versions;
                }));
            }
            start.countDown();
            var all = new ArrayList<Integer>();
            for (var writer : writers) {
                all.addAll(writer.get());
            }
            stop.set(true);
            reader.get();

            int total = WRITERS * REGISTRATIONS_EACH;
            assertThat(all).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, total).boxed().toList());
            assertThat(ModelRegistry.open(root).versions("shared")).hasSize(total);
            assertThat(readerFailures).isEmpty();
        }
    }

    @Test
    void concurrentAliasMovesLeaveTheAliasOnOneOfTheVersions() throws Exception {
        ModelRegistry registry = ModelRegistry.open(dir.resolve("registry"));
        Path file = FakeRuntime.write(dir.resolve("m.fake"), 1, 2);
        for (int i = 0; i < 4; i++) {
            registry.register("demo", file.toString());
        }
        var failures = new ConcurrentLinkedQueue<Throwable>();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            for (int v = 1; v <= 4; v++) {
                int version = v;
                pool.submit(() -> {
                    try {
                        for (int i = 0; i < 20; i++) {
                            registry.setAlias("demo", "champion", version);
                            assertThat(registry.resolve("models:/demo@champion").version()).isBetween(1, 4);
                        }
                    } catch (Throwable t) {
                        failures.add(t);
                    }
                });
            }
        }
        assertThat(failures).isEmpty();
        assertThat(registry.aliases("demo")).containsOnlyKeys("champion");
        assertThat(dir.resolve("registry/models/demo/aliases").toFile().list()).containsExactly("champion");
    }
}
