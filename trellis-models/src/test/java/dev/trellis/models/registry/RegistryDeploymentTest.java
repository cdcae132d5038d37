package dev.trellis.models.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.trellis.core.Resources;
import dev.trellis.models.ModelLoadException;
import dev.trellis.serve.Application;
import dev.trellis.serve.DeploymentFailedException;
import dev.trellis.serve.DeploymentHandle;
import dev.trellis.serve.Reconfigurable;
import dev.trellis.serve.Serve;
import dev.trellis.serve.ServeOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.awaitility.core.ThrowingRunnable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deployments serving a registered model (seed 002): loaded from {@code user_config}'s
 * {@code model_uri}, reloaded under steady load when the user config moves to another version
 * and when the alias it follows moves (watcher on); and a model that cannot be loaded in the
 * constructor shows in the deployment's status.
 */
class RegistryDeploymentTest {
    private static final float[] ONES = {1, 1};
    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final int CALLERS = 6;
    /** The watchers of the replicas of this test class's deployments; the tests tick it. */
    static final ManualWatchScheduler WATCH = new ManualWatchScheduler();

    @TempDir
    Path dir;

    private ModelRegistry registry;

    /** Serves {@code user_config: {model_uri: ...}}; follows its alias with a watcher. */
    public static final class DemoModel implements Reconfigurable<DemoModel.Config>, AutoCloseable {
        public record Config(@JsonProperty("model_uri") String modelUri) {
        }

        private final ReloadableModel model;

        public DemoModel(String registryRoot) {
            model = ReloadableModel.builder(ModelRegistry.open(Path.of(registryRoot)))
                    .watchEvery(Duration.ofSeconds(1)).scheduler(WATCH).build();
        }

        @Override
        public void reconfigure(Config config) {
            model.reload(config.modelUri());
        }

        public float predict(float[] row) {
            return model.predict(row).scores()[0];
        }

        @Override
        public void close() {
            model.close();
        }
    }

    /** Loads its model in the constructor, as seed 002's {@code MLflowDeployment.__init__}. */
    public static final class ConstructorLoaded implements AutoCloseable {
        private final ReloadableModel model;

        public ConstructorLoaded(String registryRoot, String modelUri) {
            model = ReloadableModel.load(ModelRegistry.open(Path.of(registryRoot)), modelUri);
        }

        public float predict(float[] row) {
            return model.predict(row).scores()[0];
        }

        @Override
        public void close() {
            model.close();
        }
    }

    @BeforeEach
    void setUp() throws IOException {
        Serve.start(ServeOptions.builder().nodeResources(Resources.of(4, 0)).serializeMessages(true)
                .controlLoopInterval(Duration.ofMillis(50)).build());
        registry = ModelRegistry.open(dir.resolve("registry"));
        registry.register("demo", FakeRuntime.write(dir.resolve("demo-v1.fake"), 1, 0).toString(), o -> o.alias("champion"));
        registry.register("demo", FakeRuntime.write(dir.resolve("demo-v2.fake"), 2, 0).toString());
    }

    @AfterEach
    void tearDown() {
        Serve.shutdown();
    }

    private Application<DemoModel> demo(String modelUri) {
        return Serve.deployment(DemoModel.class)
                .options(o -> o.maxOngoingRequests(CALLERS * 2).userConfig(Map.of("model_uri", modelUri)))
                .bind(registry.root().toString());
    }

    @Test
    void movingUserConfigToAnotherVersionSwitchesWithoutFailedRequests() {
        DeploymentHandle<DemoModel> handle = Serve.run(demo("models:/demo@champion"), "demo", null);
        assertThat(handle.remote(DemoModel::predict, ONES).result()).isEqualTo(1f);

        try (var load = new SteadyLoad(handle)) {
            load.awaitCallsEach(10);
            Serve.run(demo("models:/demo/2"), "demo", null);
            load.awaitEveryCallerSees(2f);
            load.awaitCallsEach(10);
            load.stopAndCheck(1f, 2f);
        }
        eventually(() -> assertThat(servedModel(1).closeCount).as("the old model is closed").hasValue(1));
    }

    @Test
    void movingTheAliasSwitchesThroughTheWatcherWithoutFailedRequests() {
        DeploymentHandle<DemoModel> handle = Serve.run(demo("models:/demo@champion"), "demo", null);

        try (var load = new SteadyLoad(handle)) {
            load.awaitCallsEach(10);
            registry.setAlias("demo", "champion", 2);
            WATCH.tick();
            load.awaitEveryCallerSees(2f);
            load.awaitCallsEach(10);
            load.stopAndCheck(1f, 2f);
        }
        eventually(() -> assertThat(servedModel(1).closeCount).hasValue(1));
    }

    @Test
    void anUnknownModelInTheConstructorShowsInTheDeploymentsStatus() {
        var app = Serve.deployment(ConstructorLoaded.class).bind(registry.root().toString(), "models:/iris@champion");

        assertThatThrownBy(() -> Serve.run(app, "iris", null))
                .isInstanceOf(DeploymentFailedException.class)
                .hasMessageContaining("no model 'iris' in the registry at " + registry.root() + "; models: demo");
        assertThat(Serve.status().application("iris").deployments().get("ConstructorLoaded").message())
                .contains(ModelLoadException.class.getName() + ": no model 'iris' in the registry at");
    }

    @Test
    void aMissingModelFileInTheConstructorShowsInTheDeploymentsStatus() {
        Path missing = dir.resolve("models/missing.fake");
        var app = Serve.deployment(ConstructorLoaded.class).bind(registry.root().toString(), missing.toString());

        assertThatThrownBy(() -> Serve.run(app, "missing", null))
                .isInstanceOf(DeploymentFailedException.class)
                .hasMessageContaining("model file " + missing + " does not exist");
        assertThat(Serve.status().application("missing").deployments().get("ConstructorLoaded").message())
                .contains("model file " + missing + " does not exist");
    }

    @Test
    void aUserConfigNamingAnUnknownVersionShowsInTheDeploymentsStatus() {
        assertThatThrownBy(() -> Serve.run(demo("models:/demo/7"), "demo", null))
                .isInstanceOf(DeploymentFailedException.class)
                .hasMessageContaining("no version 7 of model 'demo'; versions: 1, 2");
    }

    /**
     * As in Ray, a {@code reconfigure} that throws marks the replica unhealthy and its
     * replacements fail the same way: the deployment goes UNHEALTHY, showing why. (Check a URI
     * with {@code registry.resolve} before redeploying.)
     */
    @Test
    void reconfiguringARunningDeploymentToAnUnknownAliasShowsInItsStatus() {
        Serve.run(demo("models:/demo@champion"), "demo", null);

        assertThatThrownBy(() -> Serve.run(demo("models:/demo@nightly"), "demo", null))
                .isInstanceOf(DeploymentFailedException.class)
                .hasMessageContaining("no alias 'nightly' on model 'demo'; aliases: champion");
        assertThat(Serve.status().application("demo").deployments().get("DemoModel").message())
                .contains(ModelLoadException.class.getName() + ": no alias 'nightly' on model 'demo'; aliases: champion");
    }

    /** The last model the replica loaded from version {@code version}'s file. */
    private FakeRuntime.FakeModel servedModel(int version) {
        return FakeRuntime.loadedFrom(registry.version("demo", version).artifact()).getLast();
    }

    private static void eventually(ThrowingRunnable assertion) {
        Awaitility.await().atMost(PATIENCE).pollInterval(Duration.ofMillis(20)).untilAsserted(assertion);
    }

    /**
     * {@link #CALLERS} virtual threads calling {@code predict} one call after another, each
     * keeping its answers in order. With one replica, a caller that got the new model's answer
     * must never get the old one again: its next call started after the swap.
     */
    private static final class SteadyLoad implements AutoCloseable {
        private final AtomicBoolean stop = new AtomicBoolean();
        private final List<List<Float>> answers = new ArrayList<>();
        private final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        private final List<Thread> threads = new ArrayList<>();

        SteadyLoad(DeploymentHandle<DemoModel> handle) {
            for (int i = 0; i < CALLERS; i++) {
                List<Float> mine = new CopyOnWriteArrayList<>();
                answers.add(mine);
                threads.add(Thread.ofVirtual().name("load-" + i).start(() -> {
                    while (!stop.get()) {
                        try {
                            mine.add(handle.remote(DemoModel::predict, ONES).result(PATIENCE));
                        } catch (Throwable t) {
                            failures.add(t);
                        }
                    }
                }));
            }
        }

        /** Waits until every caller has made {@code n} more calls. */
        void awaitCallsEach(int n) {
            int[] start = answers.stream().mapToInt(List::size).toArray();
            eventually(() -> {
                assertThat(failures).isEmpty();
                for (int i = 0; i < CALLERS; i++) {
                    assertThat(answers.get(i).size()).as("calls of caller %d", i).isGreaterThanOrEqualTo(start[i] + n);
                }
            });
        }

        void awaitEveryCallerSees(float answer) {
            eventually(() -> {
                assertThat(failures).isEmpty();
                assertThat(answers).allSatisfy(a -> assertThat(a).isNotEmpty().last().isEqualTo(answer));
            });
        }

        /** Stops; checks that nothing failed and that each caller switched from {@code before} to {@code after} once. */
        void stopAndCheck(float before, float after) {
            close();
            assertThat(failures).isEmpty();
            for (List<Float> a : answers) {
                int firstNew = a.indexOf(after);
                assertThat(firstNew).as("caller switched").isPositive();
                assertThat(a.subList(0, firstNew)).containsOnly(before);
                assertThat(a.subList(firstNew, a.size())).as("never back to the old model").containsOnly(after);
            }
        }

        @Override
        public void close() {
            stop.set(true);
            for (Thread t : threads) {
                try {
                    t.join(PATIENCE);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
