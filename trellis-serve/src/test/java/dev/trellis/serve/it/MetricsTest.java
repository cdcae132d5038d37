package dev.trellis.serve.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.serve.Batch;
import dev.trellis.serve.DeploymentHandle;
import dev.trellis.serve.Multiplexed;
import dev.trellis.serve.Multiplexing;
import dev.trellis.serve.Serve;
import dev.trellis.serve.internal.metrics.PrometheusSamples;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The metrics end to end: real handle calls, then what a Prometheus scrape of the runtime would read. */
class MetricsTest extends ServeIntegrationTest {
    private static final String APP = "metrics";

    public static final class Calculator {
        public int twice(int x) {
            return 2 * x;
        }

        public int fail(int x) {
            throw new IllegalArgumentException("no: " + x);
        }
    }

    /** Batches of exactly four: the wait is long, so only a full batch goes. */
    public static final class Doubler {
        @Batch(maxBatchSize = 4, batchWaitTimeoutMillis = 60_000)
        public List<Integer> twice(List<Integer> xs) {
            return xs.stream().map(x -> 2 * x).toList();
        }
    }

    public static final class Models {
        @Multiplexed(maxNumModelsPerReplica = 2)
        public String load(String modelId) {
            return "model-" + modelId;
        }

        public String predict(String input) {
            return Multiplexing.model(this, Models::load) + ":" + input;
        }
    }

    private static PrometheusSamples scrape() {
        return PrometheusSamples.parse(Serve.prometheusMetrics());
    }

    private static double value(String name, Map<String, String> labels) {
        return scrape().sum(name, labels).orElseThrow(() -> new AssertionError("no series " + name + labels));
    }

    private static Map<String, String> calculator() {
        return Map.of("application", APP, "deployment", "Calculator");
    }

    @Test
    void handleCallsAreCountedWithTheirErrorsAndLatencyPerReplica() {
        DeploymentHandle<Calculator> handle = Serve.run(Serve.deployment(Calculator.class).bind(), APP, null);
        for (int i = 0; i < 5; i++) {
            assertThat(handle.remote(Calculator::twice, i).result()).isEqualTo(2 * i);
        }
        for (int i = 0; i < 2; i++) {
            int x = i;
            assertThatThrownBy(() -> handle.remote(Calculator::fail, x).result()).hasMessageContaining("no: " + x);
        }

        assertThat(value("trellis_serve_deployment_request_counter_total", calculator())).isEqualTo(7);
        assertThat(value("trellis_serve_deployment_error_counter_total", calculator())).isEqualTo(2);
        assertThat(value("trellis_serve_deployment_processing_latency_seconds_count", calculator())).isEqualTo(7);
        assertThat(value("trellis_serve_num_router_requests_total", calculator())).isEqualTo(7);
        assertThat(value("trellis_serve_deployment_queued_queries", calculator())).isZero();
        String replica = deployment(APP, "Calculator").replicas().getFirst().replicaId();
        assertThat(scrape().find("trellis_serve_deployment_request_counter_total", calculator()))
                .singleElement().satisfies(s -> assertThat(s.labels()).containsEntry("replica", replica));
        eventually(() -> {
            // The replica counts a call as running until its actor hears that the call ended, just after the reply.
            assertThat(value("trellis_serve_replica_processing_queries", calculator())).isZero();
            assertThat(value("trellis_serve_replica_pending_queries", calculator())).isZero();
            assertThat(value("trellis_serve_deployment_replica_healthy", calculator())).isEqualTo(1);
            assertThat(value("trellis_serve_deployment_replica_starts_total", calculator())).isEqualTo(1);
            assertThat(value("trellis_serve_autoscaling_target_replicas", calculator())).isEqualTo(1);
            assertThat(value("trellis_serve_autoscaling_current_replicas", calculator())).isEqualTo(1);
            assertThat(value("trellis_serve_num_applications", Map.of())).isEqualTo(1);
        });
        assertThat(value("trellis_serve_controller_control_loop_duration_seconds_count", Map.of())).isPositive();
    }

    @Test
    void aReplicasMetersLeaveTheRegistryWhenTheReplicaStops() {
        Serve.run(Serve.deployment(Calculator.class).options(o -> o.numReplicas(3)).bind(), APP, null);
        eventually(() -> assertThat(scrape().find("trellis_serve_replica_processing_queries", calculator())).hasSize(3));

        Serve.run(Serve.deployment(Calculator.class).options(o -> o.numReplicas(1)).bind(), APP, null);
        eventually(() -> {
            assertThat(scrape().find("trellis_serve_replica_processing_queries", calculator())).hasSize(1);
            assertThat(scrape().find("trellis_serve_deployment_request_counter_total", calculator())).hasSize(1);
            assertThat(scrape().find("trellis_serve_deployment_replica_healthy", calculator())).hasSize(1);
        });

        Serve.delete(APP);
        eventually(() -> assertThat(scrape().samples())
                .noneMatch(s -> APP.equals(s.labels().get("application")) && s.labels().containsKey("replica")));
        eventually(() -> assertThat(scrape().find("trellis_serve_autoscaling_target_replicas", calculator())).isEmpty());
    }

    @Test
    void batchSizesAndBatchTimesAreRecorded() throws Exception {
        DeploymentHandle<Doubler> handle = Serve.run(Serve.deployment(Doubler.class)
                .options(o -> o.maxOngoingRequests(8)).bind(), APP, null);
        try (var callers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> results = IntStream.range(0, 8)
                    .mapToObj(i -> callers.submit(() -> handle.remoteBatched(Doubler::twice, i).result(PATIENCE)))
                    .toList();
            for (int i = 0; i < 8; i++) {
                assertThat(results.get(i).get()).isEqualTo(2 * i);
            }
        }

        var batch = Map.of("application", APP, "deployment", "Doubler", "method", "Doubler.twice");
        eventually(() -> assertThat(value("trellis_serve_batch_execution_time_seconds_count", batch)).isEqualTo(2));
        assertThat(value("trellis_serve_batch_size_count", batch)).isEqualTo(2);
        assertThat(value("trellis_serve_batch_size_sum", batch)).isEqualTo(8);
        var upToFour = new java.util.HashMap<>(batch);
        upToFour.put("le", "4.0");
        assertThat(value("trellis_serve_batch_size_bucket", upToFour)).isEqualTo(2);
        upToFour.put("le", "2.0");
        assertThat(value("trellis_serve_batch_size_bucket", upToFour)).isZero();
    }

    @Test
    void theAutoscalingTargetGaugeFollowsTheController() {
        Serve.run(Serve.deployment(AutoscalingApps.Worker.class)
                .options(o -> o.autoscaling(a -> a.minReplicas(1).maxReplicas(4).upscaleDelay(Duration.ZERO)
                        .metricsInterval(Duration.ofMillis(50)).lookBackPeriod(Duration.ofMillis(200))
                        .policy(AutoscalingApps.Three.class)))
                .bind(), APP, null);

        var worker = Map.of("application", APP, "deployment", "Worker");
        eventually(() -> {
            assertThat(deployment(APP, "Worker").targetReplicas()).isEqualTo(3);
            assertThat(value("trellis_serve_autoscaling_target_replicas", worker)).isEqualTo(3);
            assertThat(value("trellis_serve_autoscaling_current_replicas", worker)).isEqualTo(3);
            assertThat(value("trellis_serve_deployment_replica_starts_total", worker)).isEqualTo(3);
        });
    }

    @Test
    void multiplexedModelLoadsAndEvictionsAreCounted() {
        DeploymentHandle<Models> handle = Serve.run(Serve.deployment(Models.class).bind(), APP, null);
        for (String model : List.of("a", "b", "a", "c", "a")) {
            assertThat(handle.options(o -> o.multiplexedModelId(model)).remote(Models::predict, "x").result())
                    .isEqualTo("model-" + model + ":x");
        }

        // a, b, (a hit), c evicts b, (a hit): three loads, one eviction, two models held.
        var models = Map.of("application", APP, "deployment", "Models");
        assertThat(value("trellis_serve_multiplexed_models_load_counter_total", models)).isEqualTo(3);
        assertThat(value("trellis_serve_multiplexed_model_load_latency_seconds_count", models)).isEqualTo(3);
        assertThat(value("trellis_serve_multiplexed_models_unload_counter_total", models)).isEqualTo(1);
        assertThat(value("trellis_serve_num_multiplexed_models", models)).isEqualTo(2);
    }
}
