package dev.trellis.serve.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.core.Resources;
import dev.trellis.serve.Serve;
import dev.trellis.serve.ServeOptions;
import dev.trellis.serve.ServeStatus;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.awaitility.core.ThrowingRunnable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the integration tests: each test gets a fresh embedded runtime with every actor
 * message round-tripped through its serializer ({@code serialize-messages = on}), so the
 * whole call path is proven to be able to cross nodes; the runtime is shut down after. The
 * build runs these tests a second time with {@code -Dtrellis.test.serializeMessages=false},
 * the production setting of one JVM, where replies take the in-process fast path.
 */
abstract class ServeIntegrationTest {
    static final Duration PATIENCE = Duration.ofSeconds(20);

    @BeforeEach
    void startServe() {
        Serve.start(options().build());
    }

    @AfterEach
    void stopServe() {
        Serve.shutdown();
    }

    /** Node with 8 CPUs, fast control loop; tests may override. */
    ServeOptions.Builder options() {
        return ServeOptions.builder()
                .serializeMessages(Boolean.parseBoolean(System.getProperty("trellis.test.serializeMessages", "true")))
                .nodeResources(Resources.of(8, 0))
                .controlLoopInterval(Duration.ofMillis(50));
    }

    static void eventually(ThrowingRunnable assertion) {
        Awaitility.await().atMost(PATIENCE).pollInterval(Duration.ofMillis(20)).untilAsserted(assertion);
    }

    static ServeStatus.DeploymentOverview deployment(String app, String deployment) {
        var overview = Serve.status().application(app).deployments().get(deployment);
        assertThat(overview).as("deployment %s of %s", deployment, app).isNotNull();
        return overview;
    }
}
