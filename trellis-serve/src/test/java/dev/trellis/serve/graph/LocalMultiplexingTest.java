package dev.trellis.serve.graph;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.serve.DeploymentHandle;
import dev.trellis.serve.Multiplexed;
import dev.trellis.serve.Multiplexing;
import dev.trellis.serve.Serve;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Multiplexing in local execution: handle options set the id around the in-process call, models are cached per instance. */
class LocalMultiplexingTest {
    static final Queue<String> LOADS = new ConcurrentLinkedQueue<>();
    static final Queue<String> CLOSES = new ConcurrentLinkedQueue<>();

    public record Model(String id) implements AutoCloseable {
        @Override
        public void close() {
            CLOSES.add(id);
        }
    }

    public static final class Models {
        @Multiplexed(maxNumModelsPerReplica = 2)
        public Model load(String modelId) {
            LOADS.add(modelId);
            return new Model(modelId);
        }

        public String predict(String text) {
            return Multiplexing.model(this, Models::load).id() + ":" + text;
        }
    }

    public static final class Selector {
        private final DeploymentHandle<Models> models;

        public Selector(DeploymentHandle<Models> models) {
            this.models = models;
        }

        public List<String> predictEach(List<String> modelIds, String text) {
            var out = new ArrayList<String>();
            for (String id : modelIds) {
                out.add(models.options(o -> o.multiplexedModelId(id)).remote(Models::predict, text).result());
            }
            return out;
        }
    }

    @BeforeEach
    void reset() {
        LOADS.clear();
        CLOSES.clear();
    }

    @Test
    void localCallsCarryTheModelIdAndShareOneCachePerInstance() {
        InputNode input = InputNode.create();
        var selector = Serve.deployment(Selector.class).bind(Serve.deployment(Models.class).bind());
        var graph = DeploymentGraph.of(Graph.method(selector, Selector::predictEach, input.get(0), input.get(1)));

        Object result = graph.executeLocally(List.of(List.of("a", "b", "a", "c"), "x"));

        assertThat(result).isEqualTo(List.of("a:x", "b:x", "a:x", "c:x"));
        assertThat(LOADS).containsExactly("a", "b", "c");
        assertThat(CLOSES).as("b evicted, then a and c closed when local execution ended")
                .startsWith("b").containsExactlyInAnyOrder("b", "a", "c");
    }
}
