package dev.trellis.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.serve.Serve;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Failures of user code and of the runtime, as the client sees them. */
class HttpErrorsTest extends HttpServeTest {

    @BeforeEach
    void resetBlocker() {
        TestIngresses.Blocker.reset();
    }

    @AfterEach
    void releaseBlocker() {
        TestIngresses.Blocker.release.countDown();
    }

    @Test
    void aUserExceptionIs500WithItsTypeAndMessageButNoStackTrace() {
        Serve.run(Serve.deployment(TestIngresses.Failing.class).bind(), "failing", "/fail");

        HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("/fail"))
                .header("x-request-id", "fail-1").build());

        assertThat(response.statusCode()).isEqualTo(500);
        JsonNode body = json(response);
        assertThat(body.get("error").asText()).isEqualTo("user_code_error");
        assertThat(body.get("exception_type").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(body.get("message").asText()).isEqualTo("the model is not loaded");
        assertThat(body.get("request_id").asText()).isEqualTo("fail-1");
        assertThat(response.body()).doesNotContain("\tat ").doesNotContain("TestIngresses");
    }

    @Test
    void backPressureIs503() {
        runBlockerWithRoomForOneRunningAndOneQueued();
        CompletableFuture<HttpResponse<String>> running = sendAsync("/block", "running");
        eventually().until(() -> TestIngresses.Blocker.STARTED.contains("running"));

        HttpResponse<String> refused = firstRefused("/block");

        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(json(refused).get("error").asText()).isEqualTo("back_pressure");
        assertThat(refused.headers().firstValue("retry-after")).isEmpty();
        TestIngresses.Blocker.release.countDown();
        assertThat(running.join().statusCode()).isEqualTo(200);
    }

    @Test
    void aClientThatGoesAwayCancelsItsCallOnTheReplica() throws Exception {
        Serve.run(Serve.deployment(TestIngresses.Blocker.class).bind(), "block", "/block");

        try (var raw = new RawHttp(port())) {
            raw.write(RawHttp.get("/block", "gone-1"));
            eventually().until(() -> TestIngresses.Blocker.STARTED.contains("gone-1"));
        }

        eventually().until(() -> TestIngresses.Blocker.INTERRUPTED.contains("gone-1"));
    }

    void runBlockerWithRoomForOneRunningAndOneQueued() {
        Serve.run(Serve.deployment(TestIngresses.Blocker.class)
                .options(o -> o.maxOngoingRequests(1).maxQueuedRequests(1)).bind(), "block", "/block");
    }
}
