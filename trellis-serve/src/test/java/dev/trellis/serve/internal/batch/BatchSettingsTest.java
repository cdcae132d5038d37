package dev.trellis.serve.internal.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BatchSettingsTest {
    private final LiveBatchSettings settings = new LiveBatchSettings("Model.predict",
            new BatchSettings(10, Duration.ofMillis(10), 1));

    @Test
    void badValuesAreRefusedNamingTheOptionAndTheValue() {
        assertThatThrownBy(() -> settings.setMaxBatchSize(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("max_batch_size must be >= 1, was 0");
        assertThatThrownBy(() -> settings.setBatchWaitTimeout(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("batch_wait_timeout_s must be >= 0, was PT-0.001S");
        assertThatThrownBy(() -> settings.setBatchWaitTimeout(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("batch_wait_timeout_s");
        assertThatThrownBy(() -> settings.setMaxConcurrentBatches(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("max_concurrent_batches must be >= 1, was 0");
        assertThat(settings.current()).isEqualTo(new BatchSettings(10, Duration.ofMillis(10), 1));
    }

    @Test
    void eachSetterChangesOnlyItsOption() {
        settings.setMaxBatchSize(32);
        settings.setBatchWaitTimeout(Duration.ofMillis(3));
        settings.setMaxConcurrentBatches(2);

        assertThat(settings.maxBatchSize()).isEqualTo(32);
        assertThat(settings.batchWaitTimeout()).isEqualTo(Duration.ofMillis(3));
        assertThat(settings.maxConcurrentBatches()).isEqualTo(2);
        assertThat(settings.queuedItems()).isZero();
    }
}
