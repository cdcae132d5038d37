package dev.trellis.http.internal.routes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OpenApiDocumentTest {
    private static final AnnotatedRoutes ROUTES = new AnnotatedRoutes(ClassifierIngress.class);
    private static JsonNode doc;

    @BeforeAll
    static void generate() throws Exception {
        doc = new ObjectMapper().readTree(ROUTES.openApi("iris", "/iris").orElseThrow());
    }

    private static JsonNode operation(String path, String method) {
        JsonNode op = doc.path("paths").path(path).path(method);
        assertThat(op.isObject()).as("%s %s in %s", method, path, doc.path("paths").fieldNames()).isTrue();
        return op;
    }

    private static JsonNode parameter(JsonNode operation, String name) {
        for (JsonNode p : operation.path("parameters")) {
            if (p.path("name").asText().equals(name)) {
                return p;
            }
        }
        throw new AssertionError("no parameter " + name + " in " + operation);
    }

    private static List<String> names(JsonNode node) {
        var names = new ArrayList<String>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void infoNamesTheApplication() {
        assertThat(doc.path("openapi").asText()).startsWith("3.");
        assertThat(doc.path("info").path("title").asText()).isEqualTo("iris");
        assertThat(doc.path("info").path("version").asText()).isEqualTo(OpenApiDocument.API_VERSION);
    }

    @Test
    void pathsArePrefixedWithTheRoutePrefix() {
        assertThat(names(doc.path("paths"))).containsExactlyInAnyOrder("/iris/echo", "/iris/health", "/iris/items/latest",
                "/iris/items/{id}", "/iris/notes", "/iris/orders", "/iris/predict", "/iris/predict/batch", "/iris/raw",
                "/iris/search", "/iris/species/{species}", "/iris/users/{user_id}/orders/{order_id}");
        assertThat(names(doc.path("paths").path("/iris/items/{id}"))).containsExactlyInAnyOrder("get", "put", "delete");
    }

    @Test
    void rootPrefixAddsNothing() throws Exception {
        JsonNode atRoot = new ObjectMapper().readTree(ROUTES.openApi("iris", "/").orElseThrow());
        assertThat(atRoot.path("paths").has("/predict")).isTrue();
    }

    @Test
    void operationsHaveSummaryAndUniqueOperationId() {
        JsonNode predict = operation("/iris/predict", "post");
        assertThat(predict.path("summary").asText()).isEqualTo("Classify one flower");
        assertThat(predict.path("operationId").asText()).isEqualTo("predict");
        assertThat(operation("/iris/predict/batch", "post").path("summary").asText()).isEqualTo("Predict Batch");
        assertThat(List.of(operation("/iris/echo", "post").path("operationId").asText(),
                operation("/iris/echo", "put").path("operationId").asText())).containsExactlyInAnyOrder("echo", "echo_put");
    }

    @Test
    void pathParametersAreRequiredWithTheirSchemaTypes() {
        JsonNode order = operation("/iris/users/{user_id}/orders/{order_id}", "get");
        JsonNode user = parameter(order, "user_id");
        assertThat(user.path("in").asText()).isEqualTo("path");
        assertThat(user.path("required").asBoolean()).isTrue();
        assertThat(user.path("schema").path("type").asText()).isEqualTo("integer");
        assertThat(user.path("schema").path("format").asText()).isEqualTo("int64");
        assertThat(parameter(order, "order_id").path("schema").path("format").asText()).isEqualTo("uuid");
    }

    @Test
    void queryParametersShowRequiredDefaultsListsAndEnums() {
        JsonNode search = operation("/iris/search", "get");
        assertThat(parameter(search, "q").path("required").asBoolean()).isTrue();
        assertThat(parameter(search, "q").path("in").asText()).isEqualTo("query");
        assertThat(parameter(search, "limit").path("required").asBoolean()).isFalse();
        assertThat(parameter(search, "limit").path("schema").path("type").asText()).isEqualTo("integer");
        assertThat(parameter(search, "tag").path("schema").path("type").asText()).isEqualTo("array");
        assertThat(parameter(search, "tag").path("schema").path("items").path("type").asText()).isEqualTo("string");
        JsonNode species = parameter(search, "species").path("schema");
        assertThat(species.path("enum")).extracting(JsonNode::asText).containsExactly("SETOSA", "VERSICOLOR", "VIRGINICA");
        assertThat(species.path("default").asText()).isEqualTo("SETOSA");
        assertThat(parameter(search, "max_results").path("schema").path("format").asText()).isEqualTo("int64");
        JsonNode verbose = parameter(operation("/iris/items/{id}", "get"), "verbose");
        assertThat(verbose.path("required").asBoolean()).isFalse();
        assertThat(verbose.path("schema").path("default").isBoolean()).isTrue();
    }

    @Test
    void recordBodyIsAComponentReference() {
        JsonNode body = operation("/iris/predict", "post").path("requestBody");
        assertThat(body.path("required").asBoolean()).isTrue();
        assertThat(body.path("content").path("application/json").path("schema").path("$ref").asText())
                .isEqualTo("#/components/schemas/Features");
        JsonNode features = doc.path("components").path("schemas").path("Features");
        assertThat(features.path("type").asText()).isEqualTo("object");
        assertThat(features.path("required")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("sepalLength", "sepalWidth", "petalLength", "petalWidth");
        assertThat(features.path("properties").path("sepalLength").path("type").asText()).isEqualTo("number");
    }

    @Test
    void optionalRecordComponentsAreNotRequired() {
        JsonNode item = doc.path("components").path("schemas").path("Item");
        assertThat(item.path("required")).extracting(JsonNode::asText).containsExactlyInAnyOrder("name", "count");
        assertThat(item.path("properties").has("note")).isTrue();
    }

    @Test
    void nestedAndListBodiesReferenceTheirComponents() {
        JsonNode batch = operation("/iris/predict/batch", "post").path("requestBody").path("content")
                .path("application/json").path("schema");
        assertThat(batch.path("type").asText()).isEqualTo("array");
        assertThat(batch.path("items").path("$ref").asText()).isEqualTo("#/components/schemas/Features");
        JsonNode order = doc.path("components").path("schemas").path("Order");
        assertThat(order.path("properties").path("item").path("$ref").asText()).isEqualTo("#/components/schemas/Item");
    }

    @Test
    void optionalBodyIsNotRequired() {
        assertThat(operation("/iris/notes", "post").path("requestBody").path("required").asBoolean()).isFalse();
    }

    @Test
    void jsonNodeBodyIsAnyJson() {
        JsonNode schema = operation("/iris/raw", "post").path("requestBody").path("content").path("application/json")
                .path("schema");
        assertThat(schema.has("$ref")).isFalse();
        assertThat(schema.has("type")).isFalse();
        assertThat(doc.path("components").path("schemas").has("JsonNode")).isFalse();
    }

    @Test
    void requestParameterIsNeitherParameterNorBody() {
        JsonNode echo = operation("/iris/echo", "post");
        assertThat(echo.has("requestBody")).isFalse();
        assertThat(echo.path("parameters").isEmpty()).isTrue();
    }

    @Test
    void okResponseHasTheReturnTypesSchema() {
        JsonNode ok = operation("/iris/predict", "post").path("responses").path("200");
        assertThat(ok.path("content").path("application/json").path("schema").path("$ref").asText())
                .isEqualTo("#/components/schemas/Prediction");
        JsonNode health = operation("/iris/health", "get").path("responses").path("200").path("content")
                .path("application/json").path("schema");
        assertThat(health.path("type").asText()).isEqualTo("object");
        assertThat(health.path("additionalProperties").path("type").asText()).isEqualTo("string");
    }

    @Test
    void voidAndResponseReturnsHaveNoContentSchema() {
        assertThat(operation("/iris/items/{id}", "delete").path("responses").path("200").has("content")).isFalse();
        assertThat(operation("/iris/echo", "post").path("responses").path("200").has("content")).isFalse();
    }

    @Test
    void everyOperationDocumentsErrorResponses() {
        JsonNode responses = operation("/iris/items/{id}", "get").path("responses");
        assertThat(names(responses)).containsExactlyInAnyOrder("200", "400", "404", "500");
        assertThat(responses.path("400").path("$ref").asText()).isEqualTo("#/components/responses/BadRequest");
        JsonNode badRequest = doc.path("components").path("responses").path("BadRequest");
        assertThat(badRequest.path("content").path("application/json").path("schema").path("$ref").asText())
                .isEqualTo("#/components/schemas/" + OpenApiDocument.ERROR_SCHEMA);
        assertThat(names(doc.path("components").path("responses")))
                .containsExactly("BadRequest", "NotFound", "InternalServerError");
    }

    @Test
    void errorSchemaIsTheProxysErrorBody() {
        JsonNode error = doc.path("components").path("schemas").path(OpenApiDocument.ERROR_SCHEMA);
        assertThat(names(error.path("properties"))).containsExactly("error", "message", "exception_type", "request_id");
        assertThat(error.path("required")).extracting(JsonNode::asText).containsExactly("error", "message", "request_id");
    }

    @Test
    void documentIsGeneratedOncePerPrefix() {
        assertThat(ROUTES.openApi("iris", "/iris").orElseThrow()).isSameAs(ROUTES.openApi("iris", "/iris").orElseThrow());
    }
}
