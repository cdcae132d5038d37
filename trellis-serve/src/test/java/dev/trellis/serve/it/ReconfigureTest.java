package dev.trellis.serve.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.serve.DeploymentHandle;
import dev.trellis.serve.Reconfigurable;
import dev.trellis.serve.Serve;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReconfigureTest extends ServeIntegrationTest {
    static final AtomicInteger CONSTRUCTED = new AtomicInteger();

    public record Threshold(double threshold, String label) {
    }

    public static final class Classifier implements Reconfigurable<Threshold> {
        private final int instance = CONSTRUCTED.incrementAndGet();
        private volatile Threshold config;

        @Override
        public void reconfigure(Threshold userConfig) {
            this.config = userConfig;
        }

        public String classify(double score) {
            return instance + ":" + (score >= config.threshold() ? config.label() : "no");
        }
    }

    @Test
    void changingUserConfigCallsReconfigureWithoutRestartingReplicas() {
        var classifier = Serve.deployment(Classifier.class).options(o -> o.numReplicas(2));
        DeploymentHandle<Classifier> handle = Serve.run(
                classifier.options(o -> o.userConfig(Map.of("threshold", 0.5, "label", "cat"))).bind(), "cls", null);
        assertThat(handle.remote(Classifier::classify, 0.7).result()).endsWith(":cat");
        assertThat(CONSTRUCTED.get()).isEqualTo(2);
        var replicasBefore = deployment("cls", "Classifier").replicas();

        Serve.run(classifier.options(o -> o.userConfig(new Threshold(0.9, "dog"))).bind(), "cls", null);

        for (int i = 0; i < 10; i++) {
            String answer = handle.remote(Classifier::classify, 0.7).result();
            assertThat(answer).matches("[12]:no");
            assertThat(handle.remote(Classifier::classify, 0.95).result()).matches("[12]:dog");
        }
        assertThat(CONSTRUCTED.get()).as("no replica was restarted").isEqualTo(2);
        assertThat(deployment("cls", "Classifier").replicas()).isEqualTo(replicasBefore);
    }
}
