package dev.trellis.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.serve.Serve;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** Which application answers which path, and the proxy's own endpoints. */
class HttpRoutingTest extends HttpServeTest {

    @Test
    void healthzAnswersSuccess() {
        HttpResponse<String> response = get("/-/healthz");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("success");
    }

    @Test
    void routesListsRoutePrefixesWithTheirApplications() {
        Serve.run(Serve.deployment(TestIngresses.Named.class).bind("a"), "app-a", "/a");
        Serve.run(Serve.deployment(TestIngresses.Named.class).bind("b"), "app-b", "/b");

        JsonNode routes = json(get("/-/routes"));

        assertThat(routes.properties()).hasSize(2);
        assertThat(routes.get("/a").asText()).isEqualTo("app-a");
        assertThat(routes.get("/b").asText()).isEqualTo("app-b");
    }

    @Test
    void theLongestMatchingRoutePrefixAnswers() {
        Serve.run(Serve.deployment(TestIngresses.Named.class).bind("outer"), "outer", "/api");
        Serve.run(Serve.deployment(TestIngresses.Named.class).bind("inner"), "inner", "/api/v2");

        assertThat(get("/api/v2/items").body()).isEqualTo("inner /items");
        assertThat(get("/api/v2").body()).isEqualTo("inner /");
        assertThat(get("/api/v1").body()).isEqualTo("outer /v1");
        assertThat(get("/api/v2x").body()).isEqualTo("outer /v2x");
    }

    @Test
    void aPathNoApplicationServesIs404WithTheRoutePrefixes() {
        Serve.run(Serve.deployment(TestIngresses.Named.class).bind("a"), "app-a", "/a");

        HttpResponse<String> response = get("/ab");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response).get("error").asText()).isEqualTo("not_found");
        assertThat(json(response).get("message").asText()).contains("/ab").contains("[/a]");
    }

    @Test
    void anApplicationWithoutRoutePrefixIsNotServed() {
        Serve.run(Serve.deployment(TestIngresses.Named.class).bind("hidden"), "hidden", null);

        assertThat(get("/").statusCode()).isEqualTo(404);
        assertThat(json(get("/-/routes")).properties()).isEmpty();
    }

    @Test
    void aMethodTheIngressDoesNotTakeIs405() {
        Serve.run(Serve.deployment(TestIngresses.Adder.class).bind(), "adder", "/add");

        HttpResponse<String> onAdder = get("/add");
        HttpResponse<String> onHealthz = send(HttpRequest.newBuilder(base.resolve("/-/healthz"))
                .POST(HttpRequest.BodyPublishers.noBody()).build());

        assertThat(onAdder.statusCode()).isEqualTo(405);
        assertThat(json(onAdder).get("message").asText()).contains("GET").contains("POST");
        assertThat(onHealthz.statusCode()).isEqualTo(405);
    }

    @Test
    void anIngressWithoutAnnotatedRoutesHasNoOpenApiDocument() {
        Serve.run(Serve.deployment(TestIngresses.Echo.class).bind(), "echo", "/echo");

        HttpResponse<String> response = get("/echo/openapi.json");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response).get("message").asText()).contains("no OpenAPI document");
    }

    @Test
    void aDeletedApplicationIsNoLongerRouted() {
        Serve.run(Serve.deployment(TestIngresses.Named.class).bind("a"), "app-a", "/a");
        Serve.delete("app-a");

        assertThat(get("/a").statusCode()).isEqualTo(404);
    }
}
