package dev.trellis.serve.internal.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.serve.Batch;
import dev.trellis.serve.BatchControl;
import dev.trellis.serve.Batching;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class BatchRegistryTest {
    /** Equal to every other instance: the registry must still tell them apart. */
    public static final class Model {
        @Batch(maxBatchSize = 4, batchWaitTimeoutMillis = 7)
        public List<String> predict(List<String> inputs) {
            return inputs;
        }

        @Batch(maxBatchSize = 2)
        public Stream<List<String>> generate(List<String> inputs) {
            return Stream.empty();
        }

        public List<String> notBatched(List<String> inputs) {
            return inputs;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Model;
        }

        @Override
        public int hashCode() {
            return 1;
        }
    }

    @Test
    void optionsStartAsTheAnnotationsAndBelongToOneInstanceAndOneMethod() {
        var a = new Model();
        var b = new Model();

        BatchControl predictOfA = Batching.of(a, Model::predict);
        predictOfA.setMaxBatchSize(16);

        assertThat(Batching.of(a, Model::predict).maxBatchSize()).isEqualTo(16);
        assertThat(Batching.of(a, Model::predict).batchWaitTimeout()).isEqualTo(Duration.ofMillis(7));
        assertThat(Batching.of(b, Model::predict).maxBatchSize()).as("an equal instance of its own").isEqualTo(4);
        assertThat(Batching.of(a, Model::generate).maxBatchSize()).as("another method").isEqualTo(2);
    }

    @Test
    void droppingAnInstanceForgetsItsOptions() {
        var a = new Model();
        Batching.of(a, Model::predict).setMaxBatchSize(16);
        assertThat(BatchRegistry.holds(a)).isTrue();

        BatchRegistry.drop(a);

        assertThat(BatchRegistry.holds(a)).isFalse();
        assertThat(Batching.of(a, Model::predict).maxBatchSize()).isEqualTo(4);
    }

    @Test
    void aMethodWithoutBatchHasNoOptions() {
        assertThatThrownBy(() -> Batching.of(new Model(), Model::notBatched))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Model.notBatched is not annotated @Batch, so it has no batching options");
    }
}
