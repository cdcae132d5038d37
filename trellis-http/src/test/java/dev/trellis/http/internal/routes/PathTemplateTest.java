package dev.trellis.http.internal.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PathTemplateTest {
    private static Map<String, String> match(String template, String path) {
        return PathTemplate.parse(template).match(PathTemplate.segments(path));
    }

    @Test
    void variablesCaptureWholeSegments() {
        assertThat(match("/users/{user_id}/orders/{order_id}", "/users/7/orders/x-1"))
                .containsExactlyInAnyOrderEntriesOf(Map.of("user_id", "7", "order_id", "x-1"));
    }

    @Test
    void variableNeedsANonEmptySegment() {
        assertThat(match("/items/{id}", "/items/")).isNull();
        assertThat(match("/items/{id}/x", "/items//x")).isNull();
    }

    @Test
    void rootMatchesOnlyRoot() {
        assertThat(match("/", "/")).isEmpty();
        assertThat(match("/", "/a")).isNull();
    }

    @Test
    void literalsBeforeVariablesAtTheFirstDifference() {
        var templates = new ArrayList<>(List.of("/{a}/{b}", "/{a}/x", "/x/{b}", "/x/y", "/x").stream()
                .map(PathTemplate::parse).toList());
        templates.sort(PathTemplate.MOST_SPECIFIC_FIRST);
        assertThat(templates).map(PathTemplate::toString).containsExactly("/x", "/x/y", "/x/{b}", "/{a}/x", "/{a}/{b}");
    }

    @Test
    void shapeIgnoresVariableNamesAndTrailingSlash() {
        assertThat(PathTemplate.parse("/a/{x}/").shape()).isEqualTo(PathTemplate.parse("/a/{y}").shape());
    }

    @Test
    void variableUsedTwiceIsRejected() {
        assertThatThrownBy(() -> PathTemplate.parse("/{id}/{id}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("path template '/{id}/{id}' uses variable {id} twice");
    }

    @Test
    void invalidVariableNameIsRejected() {
        assertThatThrownBy(() -> PathTemplate.parse("/{1x}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid variable '{1x}'");
    }

    @Test
    void emptySegmentIsRejected() {
        assertThatThrownBy(() -> PathTemplate.parse("/a//b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("path template '/a//b' has an empty segment");
    }
}
