package dev.trellis.http.internal.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.serve.config.ConfigException;
import dev.trellis.serve.config.ConfiguredApplication;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeployOrderTest {
    private static ConfiguredApplication app(String name, String prefix) {
        return new ConfiguredApplication(name, prefix, AdminApps.named(Map.of()));
    }

    private static List<String> names(List<ConfiguredApplication> apps) {
        return apps.stream().map(ConfiguredApplication::name).toList();
    }

    @Test
    void fileOrderWhenNoPrefixMoves() {
        var order = DeployOrder.of(List.of(app("a", "/a"), app("b", "/b"), app("c", null)),
                Map.of("a", "/a"), "test");
        assertThat(names(order)).containsExactly("a", "b", "c");
    }

    @Test
    void theApplicationLeavingAPrefixGoesFirst() {
        var order = DeployOrder.of(List.of(app("a", "/b"), app("b", "/c")), Map.of("a", "/a", "b", "/b"), "test");
        assertThat(names(order)).containsExactly("b", "a");
    }

    @Test
    void aSwapIsRejectedNamingBothApplications() {
        assertThatThrownBy(() -> DeployOrder.of(List.of(app("a", "/b"), app("b", "/a")),
                Map.of("a", "/a", "b", "/b"), "test"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .extracting(p -> p.keyPath())
                        .containsExactly("applications[0].route_prefix", "applications[1].route_prefix"));
    }
}
