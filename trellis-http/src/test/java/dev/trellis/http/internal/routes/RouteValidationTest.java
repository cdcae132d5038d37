package dev.trellis.http.internal.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.http.routes.Get;
import dev.trellis.http.routes.PathParam;
import dev.trellis.http.routes.Post;
import dev.trellis.http.routes.QueryParam;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Mistakes in an ingress class's annotations fail at construction, naming class, method and problem. */
class RouteValidationTest {
    private static final String HERE = RouteValidationTest.class.getName();

    private static void assertRejected(Class<?> cls, String message) {
        assertThatThrownBy(() -> new AnnotatedRoutes(cls)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    public static class DuplicateRoute {
        @Get("/items/{id}")
        public String a(@PathParam String id) {
            return id;
        }

        @Get("/items/{key}/")
        public String b(@PathParam String key) {
            return key;
        }
    }

    @Test
    void sameMethodAndTemplateShapeTwiceIsRejected() {
        assertRejected(DuplicateRoute.class, HERE + "$DuplicateRoute.b: duplicate route GET /items/{key}/, also served by"
                + " a (GET /items/{id})");
    }

    public static class UnknownPathParam {
        @Get("/items/{id}")
        public String item(@PathParam String id, @PathParam String name) {
            return id;
        }
    }

    @Test
    void pathParamNotInTemplateIsRejected() {
        assertRejected(UnknownPathParam.class, HERE + "$UnknownPathParam.item (GET /items/{id}): @PathParam 'name' is not"
                + " a variable of the path template (its variables: [id])");
    }

    public static class UnboundVariable {
        @Get("/users/{user_id}/orders/{order_id}")
        public String order(@PathParam("user_id") String user) {
            return user;
        }
    }

    @Test
    void templateVariableWithoutParameterIsRejected() {
        assertRejected(UnboundVariable.class, HERE + "$UnboundVariable.order (GET /users/{user_id}/orders/{order_id}):"
                + " path variable {order_id} has no parameter; add one annotated @PathParam(\"order_id\")");
    }

    public static class TwoBodies {
        @Post("/merge")
        public String merge(Map<String, Object> left, List<String> right) {
            return "";
        }
    }

    @Test
    void twoBodyParametersAreRejected() {
        assertRejected(TwoBodies.class, HERE + "$TwoBodies.merge (POST /merge): more than one body parameter ('left' and"
                + " 'right'); a route takes at most one JSON body, every other parameter needs @PathParam or @QueryParam");
    }

    public static class UnannotatedScalar {
        @Get("/search")
        public String search(String q) {
            return q;
        }
    }

    @Test
    void unannotatedScalarIsRejected() {
        assertRejected(UnannotatedScalar.class, HERE + "$UnannotatedScalar.search (GET /search): parameter 'q' of type"
                + " java.lang.String has no annotation; annotate it @PathParam or @QueryParam (only the JSON body, a"
                + " record, POJO, collection, map or JsonNode, goes without one)");
    }

    public static class UnsupportedPathParamType {
        @Get("/items/{ids}")
        public String items(@PathParam List<Integer> ids) {
            return "";
        }
    }

    @Test
    void unsupportedPathParamTypeIsRejected() {
        assertRejected(UnsupportedPathParamType.class, HERE + "$UnsupportedPathParamType.items (GET /items/{ids}):"
                + " @PathParam 'ids' has unsupported type java.util.List<java.lang.Integer>; supported: String,"
                + " primitives and their boxes, enums, UUID, BigDecimal");
    }

    public static class UnsupportedQueryParamType {
        @Get("/search")
        public String search(@QueryParam Set<String> tags) {
            return "";
        }
    }

    @Test
    void unsupportedQueryParamTypeIsRejected() {
        assertRejected(UnsupportedQueryParamType.class, HERE + "$UnsupportedQueryParamType.search (GET /search):"
                + " @QueryParam 'tags' has unsupported type java.util.Set<java.lang.String>; supported: String,"
                + " primitives and their boxes, enums, UUID, BigDecimal, and Optional or List of them");
    }

    public static class OptionalOfRecordQueryParam {
        public record Filter(String name) {
        }

        @Get("/search")
        public String search(@QueryParam Optional<Filter> filter) {
            return "";
        }
    }

    @Test
    void optionalOfUnsupportedTypeIsRejected() {
        assertThatThrownBy(() -> new AnnotatedRoutes(OptionalOfRecordQueryParam.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("OptionalOfRecordQueryParam.search (GET /search): @QueryParam 'filter' has"
                        + " unsupported type java.util.Optional<");
    }

    public static class BadDefault {
        @Get("/search")
        public String search(@QueryParam(defaultValue = "ten") int limit) {
            return "";
        }
    }

    @Test
    void defaultValueThatDoesNotConvertIsRejected() {
        assertRejected(BadDefault.class, HERE + "$BadDefault.search (GET /search): @QueryParam 'limit' has a defaultValue"
                + " that does not convert: expected int, got 'ten'");
    }

    public static class BadTemplate {
        @Get("/items/{id")
        public String item() {
            return "";
        }
    }

    @Test
    void malformedTemplateIsRejected() {
        assertRejected(BadTemplate.class, HERE + "$BadTemplate.item (GET /items/{id): path template '/items/{id' has"
                + " segment '{id': a variable must be a whole segment, like '/{id}'");
    }

    public static class RelativeTemplate {
        @Get("items")
        public String items() {
            return "";
        }
    }

    @Test
    void templateWithoutLeadingSlashIsRejected() {
        assertRejected(RelativeTemplate.class, HERE + "$RelativeTemplate.items (GET items): path template must start"
                + " with '/', was 'items'");
    }

    public static class BothAnnotations {
        @Get("/items/{id}")
        public String item(@PathParam @QueryParam String id) {
            return id;
        }
    }

    @Test
    void parameterWithPathAndQueryAnnotationIsRejected() {
        assertRejected(BothAnnotations.class, HERE + "$BothAnnotations.item (GET /items/{id}): parameter 'id' has both"
                + " @PathParam and @QueryParam");
    }

    public static class NonPublicRoute {
        @Get("/a")
        public String a() {
            return "";
        }

        @Get("/b")
        String b() {
            return "";
        }
    }

    @Test
    void nonPublicRouteMethodIsRejected() {
        assertRejected(NonPublicRoute.class, HERE + "$NonPublicRoute.b: a route method must be public");
    }

    public static class OnlyNonPublicRoutes {
        @Get("/a")
        String a() {
            return "";
        }
    }

    @Test
    void classWithOnlyNonPublicRoutesCountsAsAnnotatedAndIsRejected() {
        assertThat(AnnotatedRoutes.hasRoutes(OnlyNonPublicRoutes.class)).isTrue();
        assertRejected(OnlyNonPublicRoutes.class, HERE + "$OnlyNonPublicRoutes.a: a route method must be public");
    }

    public static class StaticRoute {
        @Get("/a")
        public static String a() {
            return "";
        }
    }

    @Test
    void staticRouteMethodIsRejected() {
        assertRejected(StaticRoute.class, HERE + "$StaticRoute.a: a route method must not be static");
    }

    public static class GenericBody<T> {
        @Post("/in")
        public String in(T value) {
            return "";
        }
    }

    @Test
    void bodyOfTypeVariableIsRejected() {
        assertRejected(GenericBody.class, HERE + "$GenericBody.in (POST /in): parameter 'value' has type T, which names"
                + " no concrete type to read the JSON body as");
    }

    public static class NoRoutes {
        public String a() {
            return "";
        }
    }

    @Test
    void classWithoutRoutesIsRejected() {
        assertRejected(NoRoutes.class, HERE + "$NoRoutes has no public method annotated @Get, @Post, @Put or @Delete");
    }
}
