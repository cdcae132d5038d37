package dev.trellis.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.serve.HttpOptions;
import dev.trellis.serve.Serve;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code http_options.back_pressure_status: 429} with {@code retry_after_s}. */
class HttpRetryAfterTest extends HttpServeTest {

    @Override
    HttpOptions.Builder http() {
        return super.http().backPressureStatus(429).retryAfter(Duration.ofSeconds(3));
    }

    @BeforeEach
    void resetBlocker() {
        TestIngresses.Blocker.reset();
    }

    @AfterEach
    void releaseBlocker() {
        TestIngresses.Blocker.release.countDown();
    }

    @Test
    void backPressureIs429WithRetryAfter() {
        Serve.run(Serve.deployment(TestIngresses.Blocker.class)
                .options(o -> o.maxOngoingRequests(1).maxQueuedRequests(1)).bind(), "block", "/block");
        CompletableFuture<HttpResponse<String>> running = sendAsync("/block", "running");
        eventually().until(() -> TestIngresses.Blocker.STARTED.contains("running"));

        HttpResponse<String> refused = firstRefused("/block");

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("retry-after")).hasValue("3");
        assertThat(json(refused).get("error").asText()).isEqualTo("back_pressure");
        TestIngresses.Blocker.release.countDown();
        assertThat(running.join().statusCode()).isEqualTo(200);
    }
}
