package dev.trellis.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.serve.HttpOptions;
import dev.trellis.serve.Serve;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** Requests into ingress methods and results back out, and the 400s and 413 of bad input. */
class HttpBindingTest extends HttpServeTest {

    @Override
    HttpOptions.Builder http() {
        return super.http().maxRequestBodyBytes(1024);
    }

    @Test
    void aRequestTakingIngressSeesTheWholeRequestAndItsResultIsJson() {
        Serve.run(Serve.deployment(TestIngresses.Echo.class).bind(), "echo", "/echo");

        HttpResponse<String> response = post("/echo/items?limit=2&tag=a&tag=b", "{\"name\": \"x\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        JsonNode seen = json(response);
        assertThat(seen.get("method").asText()).isEqualTo("POST");
        assertThat(seen.get("path").asText()).isEqualTo("/echo/items");
        assertThat(seen.get("route_prefix").asText()).isEqualTo("/echo");
        assertThat(seen.get("sub_path").asText()).isEqualTo("/items");
        assertThat(seen.get("query").get("tag").toString()).isEqualTo("[\"a\",\"b\"]");
        assertThat(seen.get("content_type").asText()).isEqualTo("application/json");
        assertThat(seen.get("body").get("name").asText()).isEqualTo("x");
    }

    @Test
    void aDriverIngressGetsTheJsonBodyAsItsInput() {
        Serve.run(Serve.deployment(TestIngresses.Adder.class).bind(), "adder", "/add");

        HttpResponse<String> response = post("/add", "{\"a\": 2, \"b\": 40}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"sum\":42}");
    }

    /** A record a function deployment takes. */
    public record Rectangle(double width, double height) {
    }

    @Test
    void aFunctionIngressGetsTheJsonBodyAsItsTypedInput() {
        Serve.run(Serve.function("area", (Rectangle r) -> r.width() * r.height()).bind(), "area", "/area");

        HttpResponse<String> response = post("/area", "{\"width\": 2, \"height\": 3.5}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("7.0");
    }

    @Test
    void malformedJsonIs400SayingWhere() {
        Serve.run(Serve.deployment(TestIngresses.Adder.class).bind(), "adder", "/add");

        HttpResponse<String> response = post("/add", "{\"a\": 2,");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("error").asText()).isEqualTo("bad_request");
        assertThat(json(response).get("message").asText()).contains("malformed JSON").contains("line 1");
    }

    @Test
    void aFieldOfTheWrongTypeIs400NamingIt() {
        Serve.run(Serve.deployment(TestIngresses.Adder.class).bind(), "adder", "/add");

        HttpResponse<String> response = post("/add", "{\"a\": \"two\", \"b\": 40}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("message").asText()).contains("'a'").contains("expected int");
    }

    @Test
    void aMissingFieldIs400NamingIt() {
        Serve.run(Serve.deployment(TestIngresses.Adder.class).bind(), "adder", "/add");

        HttpResponse<String> response = post("/add", "{\"a\": 2}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("message").asText()).contains("'b'").contains("required");
    }

    @Test
    void aBodyOverTheLimitIs413() {
        Serve.run(Serve.deployment(TestIngresses.TextEcho.class).bind(), "echo", "/echo");

        HttpResponse<String> response = post("/echo", "x".repeat(1025));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(json(response).get("error").asText()).isEqualTo("payload_too_large");
        assertThat(json(response).get("message").asText()).contains("1024 bytes").contains("max_request_body_bytes");
        assertThat(post("/echo", "x".repeat(1024)).statusCode()).isEqualTo(200);
    }

    @Test
    void aClientStillSendingATooLargeBodyReadsThe413AndMayFinishSending() throws Exception {
        Serve.run(Serve.deployment(TestIngresses.TextEcho.class).bind(), "echo", "/echo");

        try (var raw = new RawHttp(port())) {
            raw.write("POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2000000\r\n"
                    + "x-request-id: big-2\r\n\r\n");
            // The whole body is sent before the answer is read, as HTTP clients do: the server must neither
            // reset the connection meanwhile (losing the 413) nor make the sending fail.
            for (int i = 0; i < 40; i++) {
                raw.write("x".repeat(50_000));
            }
            RawHttp.Reply reply = raw.read();

            assertThat(reply.status()).isEqualTo(413);
            assertThat(reply.body()).contains("payload_too_large").contains("big-2");
            assertThat(raw.closedByServer()).isTrue();
        }
    }

    @Test
    void aTooLargeBodyAnnouncedWithExpectContinueIs413BeforeItIsSent() throws Exception {
        Serve.run(Serve.deployment(TestIngresses.TextEcho.class).bind(), "echo", "/echo");

        try (var raw = new RawHttp(port())) {
            raw.write("POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5000\r\nExpect: 100-continue\r\n"
                    + "x-request-id: big-1\r\n\r\n");
            RawHttp.Reply reply = raw.read();

            assertThat(reply.status()).isEqualTo(413);
            assertThat(reply.body()).contains("payload_too_large").contains("big-1");
        }
    }

    @Test
    void aStringResultIsPlainText() {
        Serve.run(Serve.deployment(TestIngresses.TextEcho.class).bind(), "echo", "/echo");

        HttpResponse<String> response = post("/echo", "héllo");

        assertThat(response.body()).isEqualTo("héllo");
        assertThat(response.headers().firstValue("content-type")).hasValue("text/plain; charset=utf-8");
    }

    @Test
    void aNullResultIsJsonNullAsFastApiAnswers() {
        Serve.run(Serve.deployment(TestIngresses.NullResult.class).bind(), "null", "/null");

        HttpResponse<String> response = get("/null");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("null");
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
    }

    @Test
    void aByteArrayResultIsOctetStream() throws Exception {
        Serve.run(Serve.deployment(TestIngresses.BytesResult.class).bind(), "bytes", "/bytes");

        HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(base.resolve("/bytes")).build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.body()).containsExactly(1, 2, 3);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/octet-stream");
    }

    @Test
    void aResponseResultIsSentAsItIs() {
        Serve.run(Serve.deployment(TestIngresses.CustomResponse.class).bind(), "custom", "/custom");

        HttpResponse<String> response = get("/custom/thing");

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("x-custom")).hasValue("yes");
        assertThat(response.body()).isEqualTo("created /thing");
    }
}
