package dev.trellis.http.internal.routes;

import static dev.trellis.http.internal.routes.TestRequests.post;
import static dev.trellis.http.internal.routes.TestRequests.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.http.BadRequestException;
import dev.trellis.http.Request;
import dev.trellis.http.internal.routes.ClassifierIngress.Item;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every way a JSON body can be wrong, and the 400 message the client gets for it. */
class JsonBodyErrorsTest {
    private static final String FEATURES = "{\"sepalLength\":5.1,\"sepalWidth\":3.5,\"petalLength\":1.4,\"petalWidth\":0.2";
    private final AnnotatedRoutes routes = new AnnotatedRoutes(ClassifierIngress.class);

    private void assertBadRequest(Request request, String message) {
        assertThatThrownBy(() -> routes.bind(request)).isInstanceOf(BadRequestException.class).hasMessage(message);
    }

    @Test
    void malformedJsonGivesLineAndColumn() {
        assertBadRequest(post("/predict", "{\n  \"sepalLength\" 5.1}"), "malformed JSON at line 2, column 17:"
                + " Unexpected character ('5' (code 53)): was expecting a colon to separate field name and value");
    }

    @Test
    void truncatedJsonIsMalformed() {
        assertThatThrownBy(() -> routes.bind(post("/predict", FEATURES)))
                .isInstanceOf(BadRequestException.class)
                .hasMessageStartingWith("malformed JSON at line 1, column ")
                .hasMessageContaining("end-of-input");
    }

    @Test
    void trailingTextAfterTheValueIsMalformed() {
        assertThatThrownBy(() -> routes.bind(post("/predict", FEATURES + "} extra")))
                .isInstanceOf(BadRequestException.class)
                .hasMessageStartingWith("malformed JSON at line 1, column ");
    }

    @Test
    void emptyBodyWhereOneIsRequired() {
        assertBadRequest(post("/predict", ""), "request body is required: expected JSON for Features, got an empty body");
        assertBadRequest(post("/predict", "  \n"), "request body is required: expected JSON for Features, got an empty body");
    }

    @Test
    void nullBodyWhereOneIsRequired() {
        assertBadRequest(post("/predict", "null"), "request body: expected Features, got null");
    }

    @Test
    void bodyOfTheWrongShape() {
        assertBadRequest(post("/predict", "[1, 2]"), "request body: expected Features, got array");
    }

    @Test
    void missingRecordComponentIsNamed() {
        assertBadRequest(post("/predict", "{\"sepalLength\":5.1,\"sepalWidth\":3.5,\"petalLength\":1.4}"),
                "missing required field 'petalWidth'");
    }

    @Test
    void missingNestedComponentIsNamedByItsPath() {
        assertBadRequest(post("/orders", "{\"item\":{\"name\":\"a\",\"count\":1},\"extras\":[{\"name\":\"b\"}]}"),
                "missing required field 'extras[0].count'");
    }

    @Test
    void missingObjectComponentIsAnError() {
        assertBadRequest(post("/orders", "{\"extras\":[]}"), "missing required field 'item'");
    }

    @Test
    void nullForPrimitiveComponentIsAnError() {
        assertBadRequest(request("PUT", "/items/1", "{\"name\":\"a\",\"count\":null}"), "field 'count' must not be null");
    }

    @Test
    void nullForObjectComponentIsAnError() {
        assertBadRequest(request("PUT", "/items/1", "{\"name\":null,\"count\":1}"), "field 'name' must not be null");
    }

    @Test
    void nullForOptionalComponentIsEmpty() {
        Object[] args = routes.bind(request("PUT", "/items/1", "{\"name\":\"a\",\"count\":1,\"note\":null}")).args();
        assertThat(args[1]).isEqualTo(new Item("a", 1, Optional.empty()));
    }

    @Test
    void textWhereNumberExpectedNamesFieldTypeAndValue() {
        assertBadRequest(request("PUT", "/items/1", "{\"name\":\"a\",\"count\":\"many\"}"),
                "field 'count': expected int, got \"many\"");
    }

    @Test
    void longWrongValueIsCutShortInTheMessage() {
        String huge = "x".repeat(500);
        assertBadRequest(request("PUT", "/items/1", "{\"name\":\"a\",\"count\":\"" + huge + "\"}"),
                "field 'count': expected int, got \"" + "x".repeat(100) + "...\"");
    }

    @Test
    void fractionForIntIsAnError() {
        assertBadRequest(request("PUT", "/items/1", "{\"name\":\"a\",\"count\":1.5}"), "field 'count': expected int, got 1.5");
    }

    @Test
    void arrayWhereNumberExpectedNamesField() {
        assertBadRequest(post("/predict", "{\"sepalLength\":[1],\"sepalWidth\":3.5,\"petalLength\":1.4,\"petalWidth\":0.2}"),
                "field 'sepalLength': expected double, got array");
    }

    @Test
    void unknownFieldListsKnownOnes() {
        assertBadRequest(request("PUT", "/items/1", "{\"name\":\"a\",\"count\":1,\"colour\":\"red\"}"),
                "unknown field 'colour' in Item; known fields: [count, name, note]");
    }

    @Test
    void recordConstructorRejectionIsReported() {
        assertBadRequest(post("/predict", "{\"sepalLength\":-1,\"sepalWidth\":3.5,\"petalLength\":1.4,\"petalWidth\":0.2}"),
                "invalid Features: sepalLength must be >= 0, was -1.0");
    }

    @Test
    void wrongTypeInsideListNamesElement() {
        assertBadRequest(post("/predict/batch", "[" + FEATURES + "}, {\"sepalLength\":\"x\"}]"),
                "field '[1].sepalLength': expected double, got \"x\"");
    }

    @Test
    void aKeyGivenTwiceIsMalformed() {
        assertThatThrownBy(() -> routes.bind(request("PUT", "/items/1", "{\"name\":\"a\",\"count\":1,\"count\":2}")))
                .isInstanceOf(BadRequestException.class)
                .hasMessageStartingWith("malformed JSON at line 1, column ")
                .hasMessageContaining("Duplicate field 'count'");
    }

    @Test
    void aNumberTooLargeForItsTypeIsNamed() {
        assertThatThrownBy(() -> routes.bind(request("PUT", "/items/1", "{\"name\":\"a\",\"count\":99999999999}")))
                .isInstanceOf(BadRequestException.class)
                .hasMessageStartingWith("field 'count': Numeric value (99999999999) out of range of int");
        assertBadRequest(post("/predict", "{\"sepalLength\":1e400,\"sepalWidth\":3.5,\"petalLength\":1.4,\"petalWidth\":0.2}"),
                "field 'sepalLength': number 1e400 is too large for double");
    }

    @Test
    void nonFiniteTokensAreMalformed() {
        for (String token : new String[] {"NaN", "Infinity", "-Infinity"}) {
            assertThatThrownBy(() -> routes.bind(post("/predict", "{\"sepalLength\":" + token
                    + ",\"sepalWidth\":3.5,\"petalLength\":1.4,\"petalWidth\":0.2}")))
                    .isInstanceOf(BadRequestException.class).hasMessageStartingWith("malformed JSON at line 1")
                    .hasMessageContaining("Non-standard token").hasMessageNotContaining("enable");
        }
    }

    @Test
    void nestingDeeperThanTheParsersLimitIsRefused() {
        String deep = "[".repeat(5000) + "]".repeat(5000);
        assertThatThrownBy(() -> JsonBodyReader.read(deep.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                JsonBodyReader.type(Object.class), false))
                .isInstanceOf(BadRequestException.class)
                .hasMessage("JSON too large to read: Document nesting depth (1001) exceeds the maximum allowed (1000)");
    }

    @Test
    void aScalarOfAnotherKindIsNoValueOfTheDeclaredType() {
        assertBadRequest(request("PUT", "/items/1", "{\"name\":5,\"count\":1}"), "field 'name': expected string, got 5");
        assertBadRequest(request("PUT", "/items/1", "{\"name\":\"a\",\"count\":\"7\"}"), "field 'count': expected int, got \"7\"");
    }

    @Test
    void anArrayElementTooLargeForItsFloatIsNamedByIndex() {
        assertThat((float[]) JsonBodyReader.read("[1.5, 2]".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                JsonBodyReader.type(float[].class), false)).containsExactly(1.5f, 2f);
        assertThatThrownBy(() -> JsonBodyReader.read("[1.5, 1e39]".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                JsonBodyReader.type(float[].class), false))
                .isInstanceOf(BadRequestException.class).hasMessage("field '[1]': number is too large for float");
        assertThatThrownBy(() -> JsonBodyReader.read("[1e400]".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                JsonBodyReader.type(double[].class), false))
                .isInstanceOf(BadRequestException.class).hasMessage("field '[0]': number is too large for double");
    }

    @Test
    void aFloatTooLargeIsNamedAndANullDoubleIsStillRefused() {
        assertThatThrownBy(() -> JsonBodyReader.read("1e39".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                JsonBodyReader.type(Float.class), false))
                .isInstanceOf(BadRequestException.class).hasMessage("request body: number 1e39 is too large for float");
        assertThat(JsonBodyReader.read("3.0e38".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                JsonBodyReader.type(float.class), false)).isEqualTo(3.0e38f);
        assertBadRequest(post("/predict", "{\"sepalLength\":null,\"sepalWidth\":3.5,\"petalLength\":1.4,\"petalWidth\":0.2}"),
                "field 'sepalLength' must not be null");
        assertThatThrownBy(() -> JsonBodyReader.read("[1, null]".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                JsonBodyReader.type(float[].class), false)).isInstanceOf(BadRequestException.class)
                .hasMessageContaining("[1]");
    }

    @Test
    void anIntegerBodyTooLargeForItsTypeNamesTheRange() {
        assertThatThrownBy(() -> JsonBodyReader.read("99999999999".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                JsonBodyReader.type(int.class), false)).isInstanceOf(BadRequestException.class)
                .hasMessageStartingWith("number out of range at line 1, column ").hasMessageContaining("99999999999").hasMessageContaining("out of range of int");
    }
}
