package dev.trellis.serve.internal.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusSamplesTest {
    private static final String TEXT = """
            # HELP requests_total Requests
            # TYPE requests_total counter
            requests_total{route="/a",status="200"} 3.0
            requests_total{route="/a",status="500"} 2.0
            requests_total{route="/b\\"q\\\\",status="200"} 1.0
            latency_bucket{le="+Inf"} 5
            up 1
            """;

    @Test
    void samplesAreFoundByNameAndLabelSubset() {
        var samples = PrometheusSamples.parse(TEXT);

        assertThat(samples.sum("requests_total", Map.of("route", "/a"))).hasValue(5);
        assertThat(samples.sum("requests_total", Map.of("route", "/b\"q\\"))).hasValue(1);
        assertThat(samples.sum("latency_bucket", Map.of("le", "+Inf"))).hasValue(5);
        assertThat(samples.sum("up", Map.of())).hasValue(1);
        assertThat(samples.sum("requests_total", Map.of("route", "/c"))).isEmpty();
    }

    @Test
    void aMalformedLineIsNamed() {
        assertThatThrownBy(() -> PrometheusSamples.parse("x{a=\"1\"} many"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("x{a=\"1\"} many");
    }
}
