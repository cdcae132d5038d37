package dev.trellis.serve.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.serve.DeploymentHandle;
import dev.trellis.serve.DeploymentStream;
import dev.trellis.serve.InvalidInputException;
import dev.trellis.serve.Multiplexed;
import dev.trellis.serve.MultiplexedModelLoadException;
import dev.trellis.serve.Multiplexing;
import dev.trellis.serve.Serve;
import dev.trellis.serve.UserCodeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Model multiplexing end to end: handle options, replica caches, model-aware routing. */
class MultiplexingTest extends ServeIntegrationTest {
    static final AtomicInteger REPLICAS = new AtomicInteger();
    /** "replica:model" for every load and every close, in order. */
    static final Queue<String> LOADS = new ConcurrentLinkedQueue<>();
    static final Queue<String> CLOSES = new ConcurrentLinkedQueue<>();
    static final AtomicInteger FAILED_LOADS = new AtomicInteger();
    static volatile CountDownLatch together = new CountDownLatch(0);

    /** What a call answers: which model, on which replica. */
    public record Prediction(String modelId, int replica, String input) {
    }

    /** A loaded model: closing it is recorded. */
    public record Model(int replica, String modelId) implements AutoCloseable {
        @Override
        public void close() {
            CLOSES.add(replica + ":" + modelId);
        }
    }

    public static final class Classifier {
        private final int replica = REPLICAS.incrementAndGet();

        @Multiplexed(maxNumModelsPerReplica = 2)
        public Model load(String modelId) {
            if (modelId.startsWith("unknown")) {
                FAILED_LOADS.incrementAndGet();
                throw new IllegalArgumentException("no model named " + modelId);
            }
            LOADS.add(replica + ":" + modelId);
            return new Model(replica, modelId);
        }

        public Prediction predict(String input) {
            Model model = Multiplexing.model(this, Classifier::load);
            return new Prediction(model.modelId(), replica, input);
        }

        /** Like predict, but returns only once {@link #together} has counted down to zero. */
        public Prediction predictTogether(String input) throws InterruptedException {
            Model model = Multiplexing.model(this, Classifier::load);
            together.countDown();
            if (!together.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("the other calls never ran at the same time as this one");
            }
            return new Prediction(model.modelId(), replica, input);
        }

        /** Loads a model other than the call's own, as a deployment may (warming up, say). */
        public Prediction sideLoad(String otherModelId) {
            Model model = Multiplexing.model(this, Classifier::load, otherModelId);
            return new Prediction(model.modelId(), replica, "side");
        }

        public String modelIdSeen() {
            return Multiplexing.findModelId().orElse("none");
        }

        /** Items produced lazily, after the method returned: the id is still the call's. */
        public Stream<String> tokens(int n) {
            return IntStream.range(0, n).mapToObj(i -> Multiplexing.modelId() + "-" + i);
        }
    }

    /** An ingress in front of the classifier. */
    public static final class Front {
        private final DeploymentHandle<Classifier> classifier;

        public Front(DeploymentHandle<Classifier> classifier) {
            this.classifier = classifier;
        }

        /** Calls on without setting an id: the classifier sees none. */
        public String relayWithoutId() {
            return classifier.remote(Classifier::modelIdSeen).result();
        }

        /** Passes its own call's id on explicitly. */
        public Prediction relayWithId(String input) {
            return classifier.options(o -> o.multiplexedModelId(Multiplexing.modelId()))
                    .remote(Classifier::predict, input).result();
        }

        /** Calls through a handle it was given as an argument (which travelled with its options). */
        public Prediction callThrough(DeploymentHandle<Classifier> handle, String input) {
            return handle.remote(Classifier::predict, input).result();
        }
    }

    public static final class BadLoader {
        @Multiplexed
        public Model load(String modelId, int version) {
            return new Model(0, modelId + version);
        }
    }

    @BeforeEach
    void reset() {
        REPLICAS.set(0);
        LOADS.clear();
        CLOSES.clear();
        FAILED_LOADS.set(0);
    }

    private static DeploymentHandle<Classifier> classifiers(int replicas, int maxOngoing) {
        return Serve.run(Serve.deployment(Classifier.class)
                .options(o -> o.numReplicas(replicas).maxOngoingRequests(maxOngoing)).bind(), "mux", null);
    }

    private static Prediction predict(DeploymentHandle<Classifier> handle, String modelId) {
        return handle.options(o -> o.multiplexedModelId(modelId)).remote(Classifier::predict, "x")
                .result(Duration.ofSeconds(30));
    }

    @Test
    void callsForAModelGoToTheReplicaThatLoadedItAndNewModelsSpreadOverReplicas() {
        DeploymentHandle<Classifier> handle = classifiers(3, 4);
        var holders = new ArrayList<Integer>();
        for (String id : List.of("a", "b", "c")) {
            holders.add(predict(handle, id).replica());
        }

        for (int round = 0; round < 5; round++) {
            for (int i = 0; i < 3; i++) {
                String id = List.of("a", "b", "c").get(i);
                Prediction p = predict(handle, id);
                assertThat(p.modelId()).isEqualTo(id);
                assertThat(p.replica()).as("replica serving %s", id).isEqualTo(holders.get(i));
            }
        }

        assertThat(new HashSet<>(holders)).as("each new model went to a replica holding none").hasSize(3);
        assertThat(LOADS).containsExactlyInAnyOrder(holders.get(0) + ":a", holders.get(1) + ":b", holders.get(2) + ":c");
    }

    @Test
    void aModelAReplicaLoadedOnItsOwnIsRoutedToThroughItsReportToTheController() {
        DeploymentHandle<Classifier> handle = classifiers(2, 4);
        int holder = predict(handle, "a").replica();
        Prediction side = handle.options(o -> o.multiplexedModelId("a")).remote(Classifier::sideLoad, "c").result();
        assertThat(side.replica()).isEqualTo(holder);
        // The replica reported {a, c} before sideLoad returned. A call through another application's router
        // completes only after the handle agent applied every routing update the controller published before
        // that application's, so the report has reached this deployment's router too.
        Serve.run(Serve.deployment(Classifier.class).bind(), "barrier", null).remote(Classifier::modelIdSeen).result();

        Prediction c = predict(handle, "c");

        // Without the report, "c" would be a new model for the router and go to the replica holding none.
        assertThat(c.replica()).isEqualTo(holder);
        assertThat(LOADS).containsExactly(holder + ":a", holder + ":c");
    }

    @Test
    void aThirdModelEvictsTheLeastRecentlyUsedOneWhichIsClosedAndStoppingClosesTheRest() {
        DeploymentHandle<Classifier> handle = classifiers(1, 4);
        predict(handle, "a");
        predict(handle, "b");
        predict(handle, "a");

        predict(handle, "c");

        // The evicted model is closed after the new one is loaded, possibly just after the call returns.
        eventually(() -> assertThat(CLOSES).containsExactly("1:b"));
        predict(handle, "b");
        eventually(() -> assertThat(CLOSES).containsExactly("1:b", "1:a"));
        assertThat(LOADS).containsExactly("1:a", "1:b", "1:c", "1:b");

        Serve.delete("mux");

        eventually(() -> assertThat(CLOSES).containsExactlyInAnyOrder("1:b", "1:a", "1:c", "1:b"));
    }

    @Test
    void callsBeyondTheHoldersCapacityFallBackToOtherReplicasAndAllSucceed() throws Exception {
        DeploymentHandle<Classifier> handle = classifiers(3, 2);
        int holder = predict(handle, "hot").replica();
        together = new CountDownLatch(6);
        var hot = handle.options(o -> o.multiplexedModelId("hot"));

        var responses = IntStream.range(0, 6).mapToObj(i -> hot.remote(Classifier::predictTogether, "x" + i)).toList();

        Set<Integer> served = new HashSet<>();
        for (var r : responses) {
            Prediction p = r.result(Duration.ofSeconds(30));
            assertThat(p.modelId()).isEqualTo("hot");
            served.add(p.replica());
        }
        assertThat(served).as("6 calls at once need every replica at max_ongoing_requests=2").hasSize(3)
                .contains(holder);
        assertThat(LOADS).hasSize(3).allSatisfy(load -> assertThat(load).endsWith(":hot"));
    }

    @Test
    void anUnknownModelIdFailsWithAClearErrorAndIsNotCached() {
        DeploymentHandle<Classifier> handle = classifiers(1, 4);

        for (int attempt = 1; attempt <= 2; attempt++) {
            assertThatThrownBy(() -> predict(handle, "unknown-7"))
                    .isInstanceOfSatisfying(UserCodeException.class, e -> {
                        assertThat(e.exceptionType()).isEqualTo(MultiplexedModelLoadException.class.getName());
                        assertThat(e.userMessage()).isEqualTo("loading multiplexed model 'unknown-7' with"
                                + " Classifier.load failed: java.lang.IllegalArgumentException: no model named unknown-7");
                    });
        }

        assertThat(FAILED_LOADS).as("the failure was not cached").hasValue(2);
        assertThat(predict(handle, "a").modelId()).isEqualTo("a");
    }

    @Test
    void aCallWithoutAModelIdToAMethodThatNeedsOneFailsSayingHowToSetIt() {
        DeploymentHandle<Classifier> handle = classifiers(1, 4);

        assertThatThrownBy(() -> handle.remote(Classifier::predict, "x").result())
                .isInstanceOfSatisfying(UserCodeException.class, e -> {
                    assertThat(e.exceptionType()).isEqualTo(InvalidInputException.class.getName());
                    assertThat(e.invalidInput()).isTrue();
                    assertThat(e.userMessage()).contains("this call has no multiplexed model id")
                            .contains("handle.options(o -> o.multiplexedModelId(\"...\"))")
                            .contains("serve_multiplexed_model_id");
                });
    }

    @Test
    void theIdIsNotPassedOnToNestedCallsUnlessTheDeploymentSetsIt() {
        DeploymentHandle<Front> front = Serve.run(Serve.deployment(Front.class)
                .bind(Serve.deployment(Classifier.class).bind()), "front", null);
        DeploymentHandle<Front> forA = front.options(o -> o.multiplexedModelId("a"));

        assertThat(forA.remote(Front::relayWithoutId).result()).isEqualTo("none");
        assertThat(forA.remote(Front::relayWithId, "x").result().modelId()).isEqualTo("a");
    }

    @Test
    void aHandlePassedAsAnArgumentKeepsItsModelId() {
        DeploymentHandle<Classifier> handle = classifiers(1, 4);
        DeploymentHandle<Front> front = Serve.run(Serve.deployment(Front.class).bind(
                Serve.deployment(Classifier.class).withName("Other").bind()), "front", null);

        Prediction p = front.remote(Front::callThrough, handle.options(o -> o.multiplexedModelId("b")), "y").result();

        assertThat(p.modelId()).isEqualTo("b");
    }

    @Test
    void aStreamingCallSeesItsModelIdWhileItsItemsAreProduced() {
        DeploymentHandle<Classifier> handle = classifiers(1, 4);

        List<String> items = new ArrayList<>();
        try (DeploymentStream<String> tokens = handle.options(o -> o.multiplexedModelId("s"))
                .stream(Classifier::tokens, 3)) {
            tokens.forEachRemaining(items::add);
        }

        assertThat(items).containsExactly("s-0", "s-1", "s-2");
    }

    @Test
    void handleOptionsLeaveTheOriginalHandleAsItWas() {
        DeploymentHandle<Classifier> handle = classifiers(1, 4);
        handle.options(o -> o.multiplexedModelId("a"));

        assertThat(handle.remote(Classifier::modelIdSeen).result()).isEqualTo("none");
        assertThat(handle.options(o -> o.multiplexedModelId("a")).options(o -> o.multiplexedModelId(null))
                .remote(Classifier::modelIdSeen).result()).isEqualTo("none");
    }

    @Test
    void aLoaderOfTheWrongShapeFailsTheDeploymentBeforeAnythingStarts() {
        assertThatThrownBy(() -> Serve.run(Serve.deployment(BadLoader.class).bind(), "bad", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("@Multiplexed method BadLoader.load must take exactly one String parameter (the model id),"
                        + " takes (String, int)");
    }
}
