package dev.trellis.http.internal.routes;

import static dev.trellis.http.internal.routes.TestRequests.get;
import static dev.trellis.http.internal.routes.TestRequests.post;
import static dev.trellis.http.internal.routes.TestRequests.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.http.Request;
import dev.trellis.http.internal.HttpError;
import dev.trellis.http.internal.Invocation;
import dev.trellis.http.routes.Get;
import dev.trellis.http.routes.PathParam;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouteMatchingTest {
    private final AnnotatedRoutes routes = new AnnotatedRoutes(ClassifierIngress.class);
    private final RouteTable table = new RouteTable(ClassifierIngress.class, RouteScanner.scan(ClassifierIngress.class));

    /** The method a request is routed to, without binding its arguments. */
    private String methodFor(Request request) {
        return table.find(request.method(), request.subPath(), request.path()).route().method().getName();
    }

    @Test
    void hasRoutesSeesAnnotatedPublicMethods() {
        assertThat(AnnotatedRoutes.hasRoutes(ClassifierIngress.class)).isTrue();
        assertThat(AnnotatedRoutes.hasRoutes(String.class)).isFalse();
    }

    @Test
    void matchesEachMethodAndTemplate() {
        assertThat(methodFor(post("/predict", "{}"))).isEqualTo("predict");
        assertThat(methodFor(post("/predict/batch", "[]"))).isEqualTo("predictBatch");
        assertThat(methodFor(get("/health"))).isEqualTo("health");
        assertThat(methodFor(get("/items/7"))).isEqualTo("item");
        assertThat(methodFor(request("PUT", "/items/7", "{}"))).isEqualTo("putItem");
        assertThat(methodFor(request("DELETE", "/items/7", ""))).isEqualTo("deleteItem");
        assertThat(methodFor(get("/users/1/orders/2"))).isEqualTo("order");
    }

    @Test
    void oneMethodMayServeSeveralHttpMethods() {
        assertThat(methodFor(post("/echo", "x"))).isEqualTo("echo");
        assertThat(methodFor(request("PUT", "/echo", "x"))).isEqualTo("echo");
    }

    @Test
    void trailingSlashIsIgnored() {
        assertThat(methodFor(get("/health/"))).isEqualTo("health");
    }

    @Test
    void literalSegmentBeatsVariable() {
        assertThat(methodFor(get("/items/latest"))).isEqualTo("latestItem");
        assertThat(methodFor(get("/items/latest2"))).isEqualTo("item");
    }

    @Test
    void literalPreferenceDoesNotDependOnDeclarationOrder() {
        var table = new AnnotatedRoutes(LiteralAfterVariable.class);
        assertThat(table.bind(get("/a/b")).method().getName()).isEqualTo("zzLiteralFirstSegment");
        assertThat(table.bind(get("/x/b")).method().getName()).isEqualTo("aaVariableFirstSegment");
    }

    @Test
    void methodWithoutLiteralRouteFallsThroughToVariableRoute() {
        assertThat(methodFor(request("PUT", "/items/latest", "{\"name\":\"a\",\"count\":1}"))).isEqualTo("putItem");
    }

    @Test
    void unknownPathIs404NamingThePath() {
        assertThatThrownBy(() -> routes.bind(get("/nope")))
                .isInstanceOfSatisfying(HttpError.class, e -> assertThat(e.status()).isEqualTo(404))
                .hasMessage("no route for GET /iris/nope");
    }

    @Test
    void variableDoesNotMatchAcrossSegments() {
        assertThatThrownBy(() -> routes.bind(get("/items/1/2")))
                .isInstanceOfSatisfying(HttpError.class, e -> assertThat(e.status()).isEqualTo(404));
    }

    @Test
    void wrongMethodIs405ListingAllowedMethods() {
        assertThatThrownBy(() -> routes.bind(post("/items/3", "{}")))
                .isInstanceOfSatisfying(HttpError.class, e -> assertThat(e.status()).isEqualTo(405))
                .hasMessage("method POST is not allowed for /iris/items/3; allowed: DELETE, GET, PUT");
    }

    @Test
    void rootTemplateMatchesTheRoutePrefixItself() {
        var table = new AnnotatedRoutes(Root.class);
        var atPrefix = new Request("GET", "/iris", "/iris", Map.of(), Map.of(), new byte[0], "r");
        assertThat(table.bind(atPrefix).method().getName()).isEqualTo("index");
        assertThat(table.bind(get("/")).method().getName()).isEqualTo("index");
    }

    @Test
    void bindingRunsUserCodeOnlyWhenARouteTakesABody() {
        assertThat(routes.bindRunsUserCode()).isTrue();
        assertThat(new AnnotatedRoutes(Root.class).bindRunsUserCode()).isFalse();
    }

    @Test
    void invocationCarriesOneArgumentPerParameter() {
        Invocation call = routes.bind(get("/users/12/orders/4b0a8e6c-2f7e-4a0b-9d4a-0f3e6c1b2a77"));
        assertThat(call.args()).hasSize(2);
        assertThat(call.method().getParameterCount()).isEqualTo(2);
    }

    public static class LiteralAfterVariable {
        @Get("/{x}/b")
        public String aaVariableFirstSegment(@PathParam String x) {
            return x;
        }

        @Get("/a/{y}")
        public String zzLiteralFirstSegment(@PathParam String y) {
            return y;
        }
    }

    public static class Root {
        @Get
        public List<String> index() {
            return List.of();
        }
    }
}
