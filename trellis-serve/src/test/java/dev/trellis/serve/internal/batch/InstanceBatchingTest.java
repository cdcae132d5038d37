package dev.trellis.serve.internal.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.core.ManualClock;
import dev.trellis.serve.Batch;
import dev.trellis.serve.Batching;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The batchers of one instance: made from the options user code sees, and gone with the instance. */
class InstanceBatchingTest {
    private final ManualClock clock = new ManualClock();
    private final ManualScheduler scheduler = new ManualScheduler(clock);

    public static final class Model {
        @Batch(maxBatchSize = 2, batchWaitTimeoutMillis = 1000)
        public List<String> predict(List<String> inputs) {
            return inputs.stream().map(s -> s + "!").toList();
        }

        public String plain(String input) {
            return input;
        }
    }

    private static CompletableFuture<Object> callOnVirtualThread(BatchedMethod method, Object input) {
        var result = new CompletableFuture<Object>();
        Thread.ofVirtual().start(() -> {
            try {
                result.complete(method.call(input));
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return result;
    }

    @Test
    void callsAreBatchedWithTheOptionsUserCodeSetOnTheInstance() throws Exception {
        var model = new Model();
        Batching.of(model, Model::predict).setMaxBatchSize(3);
        var batching = new InstanceBatching(model, "app#Model", clock, scheduler);
        BatchedMethod predict = batching.find(Model.class.getMethod("predict", List.class));

        var a = callOnVirtualThread(predict, "a");
        var b = callOnVirtualThread(predict, "b");
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> Batching.of(model, Model::predict).queuedItems() == 2);
        assertThat(a).isNotDone();
        var c = callOnVirtualThread(predict, "c");

        assertThat(a.get()).isEqualTo("a!");
        assertThat(b.get()).isEqualTo("b!");
        assertThat(c.get()).isEqualTo("c!");
        assertThat(batching.find(Model.class.getMethod("plain", String.class))).isNull();
    }

    @Test
    void closingFailsWaitingCallersAndForgetsTheInstancesOptions() throws Exception {
        var model = new Model();
        var batching = new InstanceBatching(model, "app#Model", clock, scheduler);
        var waiting = callOnVirtualThread(batching.find(Model.class.getMethod("predict", List.class)), "a");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> BatchRegistry.holds(model)
                && Batching.of(model, Model::predict).queuedItems() == 1);

        batching.close();

        assertThat(waiting).failsWithin(Duration.ofSeconds(10)).withThrowableThat()
                .withMessageContaining("the deployment instance app#Model was closed");
        assertThat(BatchRegistry.holds(model)).isFalse();
    }
}
