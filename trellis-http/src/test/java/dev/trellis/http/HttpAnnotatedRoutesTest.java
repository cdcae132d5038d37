package dev.trellis.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.http.internal.routes.ClassifierIngress;
import dev.trellis.serve.Serve;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An annotated ingress over HTTP: routes, path, query and body binding, their 400s, and the OpenAPI document. */
class HttpAnnotatedRoutesTest extends HttpServeTest {
    @BeforeEach
    void runClassifier() {
        Serve.run(Serve.deployment(ClassifierIngress.class).bind(), "iris", "/iris");
    }

    @Test
    void recordBodyIsBoundAndTheResultIsJson() {
        HttpResponse<String> response = post("/iris/predict",
                "{\"sepalLength\":5.1,\"sepalWidth\":3.5,\"petalLength\":1.4,\"petalWidth\":0.2}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).get("species").asText()).isEqualTo("SETOSA");
        assertThat(json(response).get("confidence").asDouble()).isEqualTo(5.1);
    }

    @Test
    void pathAndQueryParamsAreBound() {
        HttpResponse<String> response = get("/iris/users/12/orders/4b0a8e6c-2f7e-4a0b-9d4a-0f3e6c1b2a77");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"userId\":12,\"orderId\":\"4b0a8e6c-2f7e-4a0b-9d4a-0f3e6c1b2a77\"}");
        assertThat(get("/iris/items/3?verbose=true").body()).isEqualTo("[3,true]");
    }

    @Test
    void missingRecordComponentIs400NamingIt() {
        HttpResponse<String> response = post("/iris/predict", "{\"sepalLength\":5.1}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("message").asText()).isEqualTo("missing required field 'sepalWidth'");
    }

    @Test
    void badPathParamIs400AndUnknownRouteIs404AndWrongMethodIs405() {
        assertThat(get("/iris/items/abc").statusCode()).isEqualTo(400);
        assertThat(get("/iris/nope").statusCode()).isEqualTo(404);
        HttpResponse<String> wrongMethod = send(HttpRequest.newBuilder(base.resolve("/iris/health"))
                .DELETE().build());
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(json(wrongMethod).get("message").asText()).endsWith("allowed: GET");
    }

    @Test
    void openApiDocumentIsServedBelowTheRoutePrefix() {
        HttpResponse<String> response = get("/iris/openapi.json");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode doc = json(response);
        assertThat(doc.get("info").get("title").asText()).isEqualTo("iris");
        assertThat(doc.get("paths").has("/iris/predict")).isTrue();
    }
}
