package dev.trellis.http.internal.routes;

import static dev.trellis.http.internal.routes.TestRequests.get;
import static dev.trellis.http.internal.routes.TestRequests.post;
import static dev.trellis.http.internal.routes.TestRequests.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.http.BadRequestException;
import dev.trellis.http.Request;
import dev.trellis.http.internal.routes.ClassifierIngress.Features;
import dev.trellis.http.internal.routes.ClassifierIngress.Item;
import dev.trellis.http.internal.routes.ClassifierIngress.Order;
import dev.trellis.http.internal.routes.ClassifierIngress.Species;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ParameterBindingTest {
    private static final String ORDER_ID = "4b0a8e6c-2f7e-4a0b-9d4a-0f3e6c1b2a77";
    private final AnnotatedRoutes routes = new AnnotatedRoutes(ClassifierIngress.class);

    private Object[] args(Request request) {
        return routes.bind(request).args();
    }

    private void assertBadRequest(Request request, String message) {
        assertThatThrownBy(() -> routes.bind(request)).isInstanceOf(BadRequestException.class).hasMessage(message);
    }

    @Test
    void pathParamsAreConvertedToTheirTypes() {
        assertThat(args(get("/users/12/orders/" + ORDER_ID))).containsExactly(12L, UUID.fromString(ORDER_ID));
    }

    @Test
    void enumPathParamMatchesConstantNameInAnyCase() {
        assertThat(args(get("/species/VIRGINICA"))[0]).isEqualTo(Species.VIRGINICA);
        assertThat(args(get("/species/setosa"))[0]).isEqualTo(Species.SETOSA);
    }

    @Test
    void queryParamDefaultValueIsUsedWhenAbsent() {
        assertThat(args(get("/items/3"))).containsExactly(3, false);
        assertThat(args(get("/items/3?verbose=true"))).containsExactly(3, true);
    }

    @Test
    void booleanQueryParamAcceptsCommonSpellings() {
        assertThat(args(get("/items/3?verbose=yes"))[1]).isEqualTo(true);
        assertThat(args(get("/items/3?verbose=0"))[1]).isEqualTo(false);
    }

    @Test
    void queryParamsBindScalarsOptionalsListsAndDefaults() {
        Object[] args = args(get("/search?q=iris&limit=5&tag=a&tag=b&species=versicolor&minScore=0.25&max_results=9"));
        assertThat(args).containsExactly("iris", Optional.of(5), List.of("a", "b"), Species.VERSICOLOR,
                Optional.of(new BigDecimal("0.25")), Optional.of(9L));
    }

    @Test
    void absentOptionalAndListQueryParamsAreEmpty() {
        assertThat(args(get("/search?q=iris"))).containsExactly("iris", Optional.empty(), List.of(), Species.SETOSA,
                Optional.empty(), Optional.empty());
    }

    @Test
    void listQueryParamConvertsEveryValue() {
        assertThat(args(get("/species/SETOSA?weight=1.5&weight=-2e3&initial=s")))
                .containsExactly(Species.SETOSA, List.of(1.5, -2000.0), Optional.of('s'));
    }

    @Test
    void requestParameterGetsTheRequest() {
        Request request = post("/echo", "hello");
        assertThat(args(request)).containsExactly(request);
    }

    @Test
    void recordBodyIsBound() {
        assertThat(args(post("/predict", "{\"sepalLength\":5.1,\"sepalWidth\":3.5,\"petalLength\":1.4,\"petalWidth\":0.2}")))
                .containsExactly(new Features(5.1, 3.5, 1.4, 0.2));
    }

    @Test
    void listBodyIsBound() {
        assertThat(args(post("/predict/batch", "[{\"sepalLength\":1,\"sepalWidth\":2,\"petalLength\":3,\"petalWidth\":4}]")))
                .containsExactly(List.of(new Features(1, 2, 3, 4)));
    }

    @Test
    void nestedRecordsAndOptionalComponentsAreBound() {
        Object[] args = args(post("/orders?express=true",
                "{\"item\":{\"name\":\"a\",\"count\":1,\"note\":\"gift\"},\"extras\":[{\"name\":\"b\",\"count\":2}]}"));
        assertThat(args).containsExactly(new Order(new Item("a", 1, Optional.of("gift")),
                List.of(new Item("b", 2, Optional.empty()))), Optional.of(true));
    }

    @Test
    void bodyAndPathParamBindTogether() {
        assertThat(args(request("PUT", "/items/4", "{\"name\":\"a\",\"count\":2}")))
                .containsExactly(4, new Item("a", 2, Optional.empty()));
    }

    @Test
    void jsonNodeBodyIsTheTree() {
        JsonNode node = (JsonNode) args(post("/raw", "[1, {\"a\": null}]"))[0];
        assertThat(node.isArray()).isTrue();
        assertThat(node.get(1).get("a").isNull()).isTrue();
    }

    @Test
    void optionalBodyIsEmptyWhenTheBodyIs() {
        assertThat(args(post("/notes", ""))).containsExactly(Optional.empty());
        assertThat(args(post("/notes", "{\"name\":\"n\",\"count\":0}")))
                .containsExactly(Optional.of(new Item("n", 0, Optional.empty())));
    }

    @Test
    void pathParamOfWrongTypeNamesParameterTypeAndValue() {
        assertBadRequest(get("/items/abc"), "path parameter 'id': expected int, got 'abc'");
    }

    @Test
    void pathParamOutOfRangeIsRejected() {
        assertBadRequest(get("/items/99999999999"), "path parameter 'id': expected int, got '99999999999'");
    }

    @Test
    void malformedUuidIsRejected() {
        assertBadRequest(get("/users/1/orders/xyz"), "path parameter 'order_id': expected UUID, got 'xyz'");
    }

    @Test
    void unknownEnumConstantListsTheAllowedOnes() {
        assertBadRequest(get("/species/rose"),
                "path parameter 'species': expected one of [SETOSA, VERSICOLOR, VIRGINICA], got 'rose'");
    }

    @Test
    void missingRequiredQueryParamIsNamed() {
        assertBadRequest(get("/search"), "missing required query parameter 'q' (string)");
    }

    @Test
    void queryParamOfWrongTypeNamesParameterTypeAndValue() {
        assertBadRequest(get("/search?q=a&limit=ten"), "query parameter 'limit': expected int, got 'ten'");
        assertBadRequest(get("/items/1?verbose=maybe"), "query parameter 'verbose': expected boolean, got 'maybe'");
        assertBadRequest(get("/search?q=a&minScore=1d"), "query parameter 'minScore': expected decimal, got '1d'");
    }

    @Test
    void badListElementIsNamed() {
        assertBadRequest(get("/species/SETOSA?weight=1&weight=heavy"),
                "query parameter 'weight': expected double, got 'heavy'");
    }

    @Test
    void doubleParamRejectsJavaOnlySpellings() {
        assertBadRequest(get("/species/SETOSA?weight=0x1p3"), "query parameter 'weight': expected double, got '0x1p3'");
        assertBadRequest(get("/species/SETOSA?weight=NaN"), "query parameter 'weight': expected double, got 'NaN'");
    }

    @Test
    void aNumberTooLargeForItsTypeIsNoNumberOfIt() {
        assertBadRequest(get("/species/SETOSA?weight=1e400"), "query parameter 'weight': expected double, got '1e400'");
        assertBadRequest(get("/items/99999999999"), "path parameter 'id': expected int, got '99999999999'");
    }
}
