package dev.trellis.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.serve.HttpOptions;
import dev.trellis.serve.Serve;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code http_options.request_timeout_s}: 408, and the call cancelled downstream. */
class HttpTimeoutTest extends HttpServeTest {

    @Override
    HttpOptions.Builder http() {
        return super.http().requestTimeout(Duration.ofMillis(300));
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
    void aRequestOverItsTimeoutIs408AndItsCallIsCancelledOnTheReplica() {
        Serve.run(Serve.deployment(TestIngresses.Blocker.class).bind(), "block", "/block");

        HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("/block"))
                .header("x-request-id", "slow-1").build());

        assertThat(response.statusCode()).isEqualTo(408);
        assertThat(json(response).get("error").asText()).isEqualTo("request_timeout");
        assertThat(json(response).get("request_id").asText()).isEqualTo("slow-1");
        eventually().until(() -> TestIngresses.Blocker.INTERRUPTED.contains("slow-1"));
    }

    @Test
    void theConnectionStaysUsableAfterATimeout() {
        Serve.run(Serve.deployment(TestIngresses.Blocker.class).bind(), "block", "/block");
        Serve.run(Serve.deployment(TestIngresses.TextEcho.class).bind(), "echo", "/echo");

        assertThat(get("/block").statusCode()).isEqualTo(408);
        assertThat(post("/echo", "still here").body()).isEqualTo("still here");
    }
}
