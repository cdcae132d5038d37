package dev.trellis.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.serve.Serve;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** Results sent while they are produced: StreamingResponse, server-sent events, Stream. */
class HttpStreamingTest extends HttpServeTest {

    @Test
    void theFirstChunkArrivesBeforeTheHandlerHasFinished() throws Exception {
        StreamingIngresses.WaitsForTheReader.firstRead = new CountDownLatch(1);
        Serve.run(Serve.deployment(StreamingIngresses.WaitsForTheReader.class).bind(), "stream", "/stream");

        HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(base.resolve("/stream")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (var reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("content-type")).hasValue("text/plain");
            assertThat(response.headers().firstValue("transfer-encoding")).hasValue("chunked");
            assertThat(reader.readLine()).isEqualTo("first");
            StreamingIngresses.WaitsForTheReader.firstRead.countDown();
            assertThat(reader.readLine()).isEqualTo("second");
            assertThat(reader.readLine()).isNull();
        }
    }

    @Test
    void eventsAreSentAsServerSentEvents() {
        Serve.run(Serve.deployment(StreamingIngresses.Events.class).bind(), "events", "/events");

        HttpResponse<String> response = get("/events");

        assertThat(response.headers().firstValue("content-type")).hasValue("text/event-stream");
        assertThat(response.headers().firstValue("cache-control")).hasValue("no-cache");
        assertThat(response.body()).isEqualTo("data: hello\n\ndata: {\"n\":1}\n\ndata: two\ndata: lines\n\n");
    }

    @Test
    void aStreamOfObjectsIsSentAsJsonLines() {
        Serve.run(Serve.deployment(StreamingIngresses.Tokens.class).bind(), "tokens", "/tokens");

        HttpResponse<String> response = get("/tokens");

        assertThat(response.headers().firstValue("content-type")).hasValue("application/x-ndjson");
        assertThat(response.body()).isEqualTo("{\"index\":0,\"text\":\"a\"}\n{\"index\":1,\"text\":\"b\"}\n");
    }

    @Test
    void aStreamingResponseSetsStatusAndHeaders() {
        Serve.run(Serve.deployment(StreamingIngresses.WithStatus.class).bind(), "status", "/status");

        HttpResponse<String> response = get("/status");

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("x-stream")).hasValue("yes");
        assertThat(response.body()).isEqualTo("made");
    }

    @Test
    void aStreamThatFailsBeforeItsFirstItemIsAnOrdinaryError() {
        Serve.run(Serve.deployment(StreamingIngresses.FailsAtOnce.class).bind(), "fails", "/fails");

        HttpResponse<String> response = get("/fails");

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(json(response).get("exception_type").asText()).isEqualTo("java.lang.IllegalArgumentException");
        assertThat(json(response).get("message").asText()).isEqualTo("no prompt given");
    }

    @Test
    void aStreamThatFailsMidwayEndsWithATruncatedBody() {
        Serve.run(Serve.deployment(StreamingIngresses.FailsMidway.class).bind(), "midway", "/midway");

        assertThatThrownBy(() -> client.send(HttpRequest.newBuilder(base.resolve("/midway")).build(),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
    }

    @Test
    void aClientThatLeavesMidStreamCancelsTheCallOnTheReplica() throws Exception {
        Serve.run(Serve.deployment(StreamingIngresses.Endless.class).bind(), "endless", "/endless");

        try (var raw = new RawHttp(port())) {
            raw.write(RawHttp.get("/endless", "leaves-1"));
            assertThat(raw.readHead().status()).isEqualTo(200);
        }

        eventually().until(() -> StreamingIngresses.Endless.INTERRUPTED.contains("leaves-1"));
    }

    @Test
    void requestsPipelinedBehindAStreamWaitForItsEnd() throws Exception {
        Serve.run(Serve.deployment(StreamingIngresses.Tokens.class).bind(), "tokens", "/tokens");
        Serve.run(Serve.deployment(TestIngresses.Named.class).bind("after"), "after", "/after");

        try (var raw = new RawHttp(port())) {
            raw.write(RawHttp.get("/after", "1") + RawHttp.get("/tokens", "2") + RawHttp.get("/after", "3"));

            assertThat(raw.read().body()).isEqualTo("after /");
            assertThat(raw.read().body()).hasLineCount(2).startsWith("{\"index\":0");
            assertThat(raw.read().body()).isEqualTo("after /");
        }
    }
}
