package dev.trellis.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.serve.Serve;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Request ids, keep-alive, pipelining and many clients at once. */
class HttpConnectionTest extends HttpServeTest {

    @Test
    void theClientsRequestIdReachesUserCodeAndComesBack() {
        Serve.run(Serve.deployment(TestIngresses.Echo.class).bind(), "echo", "/echo");

        HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("/echo"))
                .header("x-request-id", "client-id-42").build());

        assertThat(response.headers().firstValue("x-request-id")).hasValue("client-id-42");
        assertThat(json(response).get("request_id").asText()).isEqualTo("client-id-42");
    }

    @Test
    void aRequestWithoutIdGetsAGeneratedOne() {
        Serve.run(Serve.deployment(TestIngresses.Echo.class).bind(), "echo", "/echo");

        HttpResponse<String> first = get("/echo");
        HttpResponse<String> second = get("/echo");

        String id = first.headers().firstValue("x-request-id").orElseThrow();
        assertThat(UUID.fromString(id).version()).isEqualTo(4);
        assertThat(json(first).get("request_id").asText()).isEqualTo(id);
        assertThat(second.headers().firstValue("x-request-id")).isNotEqualTo(first.headers().firstValue("x-request-id"));
        assertThat(json(get("/nowhere")).get("request_id").asText()).isNotBlank();
    }

    @Test
    void manyClientsOverKeepAliveConnectionsEachGetTheirOwnAnswers() throws Exception {
        Serve.run(Serve.deployment(TestIngresses.TextEcho.class)
                .options(o -> o.numReplicas(2).maxOngoingRequests(32)).bind(), "echo", "/echo");
        int clients = 16;
        int requestsEach = 50;
        var start = new CountDownLatch(1);
        List<Future<List<String>>> mismatches = new ArrayList<>();

        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < clients; c++) {
                int clientNo = c;
                mismatches.add(threads.submit(() -> {
                    var wrong = new ArrayList<String>();
                    try (var own = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
                        start.await();
                        for (int r = 0; r < requestsEach; r++) {
                            String value = "client-" + clientNo + "-request-" + r;
                            HttpResponse<String> response = own.send(HttpRequest.newBuilder(base.resolve("/echo"))
                                    .POST(HttpRequest.BodyPublishers.ofString(value)).build(),
                                    HttpResponse.BodyHandlers.ofString());
                            if (response.statusCode() != 200 || !response.body().equals(value)) {
                                wrong.add(value + " -> " + response.statusCode() + " " + response.body());
                            }
                        }
                    }
                    return wrong;
                }));
            }
            start.countDown();
            for (Future<List<String>> m : mismatches) {
                assertThat(m.get()).isEmpty();
            }
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrderEvenWhenTheFirstFinishesLast() throws Exception {
        TestIngresses.FinishLast.others = new CountDownLatch(2);
        Serve.run(Serve.deployment(TestIngresses.FinishLast.class).bind(), "order", "/order");

        try (var raw = new RawHttp(port())) {
            raw.write(RawHttp.get("/order?last", "one") + RawHttp.get("/order", "two") + RawHttp.get("/order", "three"));

            assertThat(List.of(raw.read(), raw.read(), raw.read()))
                    .extracting(RawHttp.Reply::body).containsExactly("one", "two", "three");
        }
    }

    @Test
    void aRequestAskingToCloseIsAnsweredThenTheConnectionCloses() throws Exception {
        Serve.run(Serve.deployment(TestIngresses.Named.class).bind("n"), "named", "/n");

        try (var raw = new RawHttp(port())) {
            raw.write("GET /n HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n" + RawHttp.get("/n", "ignored"));
            RawHttp.Reply reply = raw.read();

            assertThat(reply.body()).isEqualTo("n /");
            assertThat(reply.headers()).containsEntry("connection", "close");
            assertThat(raw.closedByServer()).isTrue();
        }
    }

    @Test
    void aMalformedRequestIs400AndClosesTheConnection() throws Exception {
        try (var raw = new RawHttp(port())) {
            raw.write("GET /x HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: lots\r\n\r\n");
            RawHttp.Reply reply = raw.read();

            assertThat(reply.status()).isEqualTo(400);
            assertThat(reply.body()).contains("malformed HTTP request");
            assertThat(raw.closedByServer()).isTrue();
        }
    }
}
