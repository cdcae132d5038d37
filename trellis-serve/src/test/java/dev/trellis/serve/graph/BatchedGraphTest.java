package dev.trellis.serve.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.trellis.core.Resources;
import dev.trellis.serve.Application;
import dev.trellis.serve.Batch;
import dev.trellis.serve.DeploymentHandle;
import dev.trellis.serve.Serve;
import dev.trellis.serve.ServeOptions;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A graph whose two branches call the same {@code @Batch} method: their calls form one batch. */
class BatchedGraphTest {
    static final ConcurrentLinkedQueue<List<String>> BATCHES = new ConcurrentLinkedQueue<>();

    public static final class Encoder {
        @Batch(maxBatchSize = 2, batchWaitTimeoutMillis = 60_000)
        public List<String> encode(List<String> texts) {
            BATCHES.add(List.copyOf(texts));
            return texts.stream().map(String::toUpperCase).toList();
        }
    }

    public static final class Joiner {
        public String join(String a, String b) {
            return a + "+" + b;
        }
    }

    @BeforeEach
    void forget() {
        BATCHES.clear();
    }

    @AfterEach
    void stop() {
        Serve.shutdown();
    }

    static DeploymentGraph graph() {
        InputNode input = InputNode.create();
        Application<Encoder> encoder = Serve.deployment(Encoder.class).bind();
        GraphNode<String> left = Graph.batched(encoder, Encoder::encode, input.get(0));
        GraphNode<String> right = Graph.batched(encoder, Encoder::encode, input.get(1));
        return DeploymentGraph.of(Graph.method(Serve.deployment(Joiner.class).bind(), Joiner::join, left, right));
    }

    @Test
    void localExecutionBatchesTheBranchesTogether() {
        Object result = graph().executeLocally(List.of("a", "b"));

        assertThat(result).isEqualTo("A+B");
        assertThat(BATCHES).singleElement().satisfies(b -> assertThat(b).containsExactlyInAnyOrder("a", "b"));
    }

    @Test
    void theDeployedGraphBatchesTheBranchesTogether() {
        Serve.start(ServeOptions.builder().serializeMessages(true).nodeResources(Resources.of(8, 0)).build());
        DeploymentHandle<DagDriver> dag = Serve.run(graph().driver(), "encode", null);

        Object result = dag.remote(DagDriver::predict, List.of("x", "y")).result();

        assertThat(result).isEqualTo("X+Y");
        assertThat(BATCHES).singleElement().satisfies(b -> assertThat(b).containsExactlyInAnyOrder("x", "y"));
    }

    @Test
    void aBatchMethodInAGraphIsNamedWithBatchedAndOthersWithMethod() {
        Application<Encoder> encoder = Serve.deployment(Encoder.class).bind();
        InputNode input = InputNode.create();

        assertThatIllegalArgumentException().isThrownBy(() -> Graph.method(encoder, Encoder::encode, input))
                .withMessageContaining("Encoder.encode is a @Batch method, called one item at a time: use Graph.batched");
    }
}
