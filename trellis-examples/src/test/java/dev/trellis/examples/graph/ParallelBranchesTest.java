package dev.trellis.examples.graph;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.serve.DeploymentDefinition;
import dev.trellis.serve.DeploymentHandle;
import dev.trellis.serve.HttpOptions;
import dev.trellis.serve.Serve;
import dev.trellis.serve.ServeFunction;
import dev.trellis.serve.ServeOptions;
import dev.trellis.serve.graph.DagDriver;
import dev.trellis.serve.graph.DeploymentGraph;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The graph's two preprocessors are independent branches and run at the same time. Rather than
 * timing a request (flaky on a loaded machine), the graph is built with instrumented
 * preprocessors that record when they ran. Each also waits, up to 10 s, for the other one to
 * start before working, so the check is deterministic: branches run in parallel overlap every
 * time, and branches run one after the other can never overlap.
 */
class ParallelBranchesTest {
    private record Interval(long start, long end) {
        boolean overlaps(Interval other) {
            return start < other.end && other.start < end;
        }
    }

    private static final Map<String, Interval> ran = new ConcurrentHashMap<>();
    private static volatile CountDownLatch started;

    private static <R> R recorded(String name, Supplier<R> work) {
        long start = System.nanoTime();
        started.countDown();
        try {
            started.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        R result = work.get();
        ran.put(name, new Interval(start, System.nanoTime()));
        return result;
    }

    private static DeploymentGraph recordingGraph() {
        DeploymentDefinition<ServeFunction<String, Integer>> preprocessor = Serve.function("preprocessor",
                (String s) -> recorded("preprocessor", () -> Preprocessors.preprocess(s)));
        DeploymentDefinition<ServeFunction<List<Number>, Double>> avgPreprocessor = Serve.function("avg_preprocessor",
                (List<Number> xs) -> recorded("avg_preprocessor", () -> Preprocessors.average(xs)));
        return InferenceGraph.build(preprocessor, avgPreprocessor);
    }

    @BeforeEach
    void reset() {
        ran.clear();
        started = new CountDownLatch(2);
    }

    @AfterEach
    void stop() {
        Serve.shutdown();
    }

    @Test
    void theDeployedGraphRunsBothPreprocessorsAtOnce() {
        Serve.start(ServeOptions.builder().http(HttpOptions.builder().port(0).build()).build());
        DeploymentHandle<DagDriver> dag = Serve.run(recordingGraph().driver(o -> o.numReplicas(2)), "recorded", null);

        Object result = dag.remote(DagDriver::predict, List.of("5", List.of(1, 2), "sum")).result();

        assertThat(result).isEqualTo("sum((1 * (5 + 1.5)))");
        assertThat(ran.get("preprocessor").overlaps(ran.get("avg_preprocessor"))).isTrue();
    }

    @Test
    void localExecutionRunsBothPreprocessorsAtOnce() {
        Object result = recordingGraph().executeLocally(List.of("5", List.of(1, 2), "max"));

        assertThat(result).isEqualTo("max((1 * (5 + 1.5)))");
        assertThat(ran.get("preprocessor").overlaps(ran.get("avg_preprocessor"))).isTrue();
    }
}
