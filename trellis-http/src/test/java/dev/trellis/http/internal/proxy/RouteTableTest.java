package dev.trellis.http.internal.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RouteTableTest {
    private static RouteTable.Route route(String prefix, String app) {
        return new RouteTable.Route(prefix, app, Object.class, null, request -> null);
    }

    private final RouteTable table = new RouteTable(List.of(route("/", "root"), route("/a", "a"), route("/a/b", "ab")));

    @Test
    void theLongestMatchingPrefixWins() {
        assertThat(table.match("/a/b/c").applicationName()).isEqualTo("ab");
        assertThat(table.match("/a/b").applicationName()).isEqualTo("ab");
        assertThat(table.match("/a/x").applicationName()).isEqualTo("a");
        assertThat(table.match("/a").applicationName()).isEqualTo("a");
    }

    @Test
    void aPrefixMatchesWholePathSegmentsOnly() {
        assertThat(table.match("/ab").applicationName()).isEqualTo("root");
        assertThat(new RouteTable(List.of(route("/a", "a"))).match("/ab")).isNull();
    }

    @Test
    void prefixesListEveryApplicationSortedByPrefix() {
        assertThat(table.prefixes()).containsExactly(
                java.util.Map.entry("/", "root"), java.util.Map.entry("/a", "a"), java.util.Map.entry("/a/b", "ab"));
    }
}
