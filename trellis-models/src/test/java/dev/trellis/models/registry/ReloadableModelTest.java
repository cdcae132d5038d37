package dev.trellis.models.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.models.Model;
import dev.trellis.models.ModelLoadException;
import dev.trellis.models.registry.FakeRuntime.FakeModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReloadableModelTest {
    private static final float[] ONES = {1, 1};

    @TempDir
    Path dir;

    private ModelRegistry registry;
    private final ManualWatchScheduler scheduler = new ManualWatchScheduler();

    @BeforeEach
    void setUp() throws IOException {
        registry = ModelRegistry.open(dir.resolve("registry"));
        for (int v = 1; v <= 3; v++) {
            registry.register("demo", FakeRuntime.write(dir.resolve("demo-v" + v + ".fake"), v, 0).toString());
        }
        registry.setAlias("demo", "champion", 1);
    }

    private static float score(Model model) {
        return model.predict(ONES).scores()[0];
    }

    private FakeModel loaded(int version) {
        var models = FakeRuntime.loadedFrom(registry.version("demo", version).artifact());
        assertThat(models).as("loads of version %d (registration loads it once for its signature)", version)
                .hasSizeGreaterThanOrEqualTo(2);
        return models.getLast();
    }

    @Test
    void loadsTheModelTheUriNames() {
        try (ReloadableModel model = ReloadableModel.load(registry, "models:/demo@champion")) {
            assertThat(score(model)).isEqualTo(1f);
            assertThat(model.version()).get().extracting(RegisteredModelVersion::version).isEqualTo(1);
            assertThat(model.uri()).contains(ModelUri.alias("demo", "champion"));
            assertThat(model.flavor()).isEqualTo("fake");
            assertThat(model.featureCount()).isEqualTo(2);
        }
    }

    @Test
    void reloadSwapsInTheNewVersionAndClosesTheOldOnce() {
        try (ReloadableModel model = ReloadableModel.load(registry, "models:/demo/1")) {
            FakeModel first = loaded(1);

            assertThat(model.reload("models:/demo/2")).isTrue();

            assertThat(score(model)).isEqualTo(2f);
            assertThat(first.closeCount).hasValue(1);
            assertThat(loaded(2).closeCount).hasValue(0);
        }
        assertThat(loaded(2).closeCount).hasValue(1);
    }

    @Test
    void reloadingTheVersionAlreadyServedLoadsNothing() {
        try (ReloadableModel model = ReloadableModel.load(registry, "models:/demo/1")) {
            int loads = FakeRuntime.loadedFrom(registry.version("demo", 1).artifact()).size();

            assertThat(model.reload("models:/demo@champion")).as("champion is version 1").isFalse();

            assertThat(FakeRuntime.loadedFrom(registry.version("demo", 1).artifact())).hasSize(loads);
            assertThat(model.uri()).as("but it follows the alias from now on").contains(ModelUri.alias("demo", "champion"));
        }
    }

    @Test
    void aFailedReloadKeepsTheOldModelInService() {
        try (ReloadableModel model = ReloadableModel.load(registry, "models:/demo/1")) {
            assertThatThrownBy(() -> model.reload("models:/demo/9"))
                    .isInstanceOf(ModelLoadException.class)
                    .hasMessage("no version 9 of model 'demo'; versions: 1, 2, 3");

            assertThat(score(model)).isEqualTo(1f);
            assertThat(model.uri()).contains(ModelUri.version("demo", 1));
            assertThat(loaded(1).closeCount).hasValue(0);
        }
    }

    @Test
    void aCallInProgressKeepsItsModelOpenAcrossAReload() throws Exception {
        try (ReloadableModel model = ReloadableModel.load(registry, "models:/demo/1");
             ExecutorService pool = Executors.newSingleThreadExecutor()) {
            var inCall = new CountDownLatch(1);
            var finish = new CountDownLatch(1);
            Future<Float> call = pool.submit(() -> model.withModel(m -> {
                inCall.countDown();
                await(finish);
                return score(m);
            }));
            inCall.await();

            model.reload("models:/demo/2");

            assertThat(score(model)).as("new calls use the new model").isEqualTo(2f);
            assertThat(loaded(1).closeCount).as("still in use").hasValue(0);
            finish.countDown();
            assertThat(call.get()).isEqualTo(1f);
            assertThat(loaded(1).closeCount).hasValue(1);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aModelNotLoadedYetSaysHowToLoadIt() {
        ReloadableModel model = ReloadableModel.builder(registry).build();

        assertThat(model.version()).isEmpty();
        assertThatThrownBy(() -> model.predict(ONES))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("no model loaded yet: call reload(uri) first (a deployment does it in reconfigure)");
        assertThat(model.reload("models:/demo/3")).isTrue();
        assertThat(score(model)).isEqualTo(3f);
        model.close();
    }

    @Test
    void closeIsIdempotentAndLaterCallsFail() {
        ReloadableModel model = ReloadableModel.load(registry, "models:/demo/1");

        model.close();
        model.close();

        assertThat(loaded(1).closeCount).hasValue(1);
        assertThatThrownBy(() -> model.predict(ONES))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the model models:/demo/1 is closed");
        assertThatThrownBy(() -> model.reload("models:/demo/2")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void withoutAWatcherAMovedAliasIsPickedUpByCheckForUpdate() {
        try (ReloadableModel model = ReloadableModel.load(registry, "models:/demo@champion")) {
            registry.setAlias("demo", "champion", 3);
            assertThat(score(model)).as("nothing watches").isEqualTo(1f);

            assertThat(model.checkForUpdate()).isTrue();

            assertThat(score(model)).isEqualTo(3f);
            assertThat(model.checkForUpdate()).isFalse();
        }
    }

    @Test
    void theWatcherReloadsWhenTheAliasMoves() {
        try (ReloadableModel model = ReloadableModel.builder(registry).watchEvery(Duration.ofSeconds(5))
                .scheduler(scheduler).load("models:/demo@champion")) {
            assertThat(scheduler.intervals()).containsExactly(Duration.ofSeconds(5));
            scheduler.tick();
            assertThat(score(model)).isEqualTo(1f);

            registry.setAlias("demo", "champion", 2);
            scheduler.tick();

            assertThat(score(model)).isEqualTo(2f);
            assertThat(loaded(1).closeCount).hasValue(1);
        }
        assertThat(scheduler.intervals()).as("close stops the watcher").isEmpty();
    }

    @Test
    void theSharedTimerWakesTheWatcher() {
        try (ReloadableModel model = ReloadableModel.builder(registry).watchEvery(Duration.ofMillis(20))
                .load("models:/demo@champion")) {
            registry.setAlias("demo", "champion", 2);

            Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                    .untilAsserted(() -> assertThat(score(model)).isEqualTo(2f));
        }
    }

    @Test
    void theWatcherFollowsLatestAsVersionsAreRegistered() throws IOException {
        try (ReloadableModel model = ReloadableModel.builder(registry).watchEvery(Duration.ofSeconds(5))
                .scheduler(scheduler).load("models:/demo/latest")) {
            assertThat(score(model)).isEqualTo(3f);

            registry.register("demo", FakeRuntime.write(dir.resolve("demo-v4.fake"), 4, 0).toString());
            scheduler.tick();

            assertThat(score(model)).isEqualTo(4f);
        }
    }

    @Test
    void aFailedWatchCheckKeepsServingTheCurrentModel() {
        try (ReloadableModel model = ReloadableModel.builder(registry).watchEvery(Duration.ofSeconds(5))
                .scheduler(scheduler).load("models:/demo@champion")) {
            registry.deleteAlias("demo", "champion");

            scheduler.tick();
            scheduler.tick();

            assertThat(score(model)).isEqualTo(1f);
            registry.setAlias("demo", "champion", 2);
            scheduler.tick();
            assertThat(score(model)).as("and recovers once the alias is back").isEqualTo(2f);
        }
    }

    @Test
    void theWatcherStartsWithTheFirstLoad() {
        ReloadableModel model = ReloadableModel.builder(registry).watchEvery(Duration.ofSeconds(1))
                .scheduler(scheduler).build();
        assertThat(scheduler.intervals()).isEmpty();

        model.reload("models:/demo/1");

        assertThat(scheduler.intervals()).hasSize(1);
        model.close();
    }

    @Test
    void aPlainFileIsReloadedWhenItChanges() throws IOException {
        Path file = FakeRuntime.write(dir.resolve("plain.fake"), 5, 0);
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));
        try (ReloadableModel model = ReloadableModel.load(registry, file.toString())) {
            assertThat(model.version()).isEmpty();
            assertThat(model.checkForUpdate()).isFalse();

            FakeRuntime.write(file, 6, 0);
            Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-01-01T00:01:00Z")));

            assertThat(model.checkForUpdate()).isTrue();
            assertThat(score(model)).isEqualTo(6f);
        }
    }

    @Test
    void rejectsANonPositiveWatchInterval() {
        assertThatThrownBy(() -> ReloadableModel.builder(registry).watchEvery(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("watch interval must be > 0, was PT0S");
    }
}
