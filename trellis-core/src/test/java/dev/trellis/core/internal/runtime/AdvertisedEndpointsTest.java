package dev.trellis.core.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AdvertisedEndpointsTest {
    private final AdvertisedEndpoints endpoints = new AdvertisedEndpoints();

    @Test
    void aNameHoldsOneUrlAndTheSnapshotIsSortedByName() {
        endpoints.advertise("serve-proxy", "http://127.0.0.1:8000");
        endpoints.advertise("metrics", "http://127.0.0.1:9101/metrics");
        endpoints.advertise("serve-proxy", "https://[::1]:8443");

        assertThat(endpoints.snapshot()).containsExactly(Map.entry("metrics", "http://127.0.0.1:9101/metrics"),
                Map.entry("serve-proxy", "https://[::1]:8443"));
    }

    @Test
    void withdrawingAUrlThatWasReplacedLeavesTheNewOne() {
        endpoints.advertise("serve-admin", "http://127.0.0.1:8265");
        endpoints.advertise("serve-admin", "http://127.0.0.1:8266");

        endpoints.withdraw("serve-admin", "http://127.0.0.1:8265");
        assertThat(endpoints.snapshot()).containsExactly(Map.entry("serve-admin", "http://127.0.0.1:8266"));
        endpoints.withdraw("serve-admin", "http://127.0.0.1:8266");
        assertThat(endpoints.snapshot()).isEmpty();
        endpoints.withdraw("serve-admin", "http://127.0.0.1:8266");
    }

    @Test
    void aBadNameOrUrlIsRefusedSayingWhatIsWrong() {
        assertThatThrownBy(() -> endpoints.advertise("serve proxy", "http://127.0.0.1:8000"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("an endpoint name must be").hasMessageEndingWith("was 'serve proxy'");
        assertThatThrownBy(() -> endpoints.advertise("metrics", "127.0.0.1:9101"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the URL of endpoint 'metrics' must be an absolute http or https URL with a host"
                        + " (http://HOST:PORT/PATH); '127.0.0.1:9101' is not an http or https URL");
        assertThatThrownBy(() -> endpoints.advertise("metrics", "ftp://host/metrics"))
                .hasMessageEndingWith("'ftp://host/metrics' is not an http or https URL");
        assertThatThrownBy(() -> endpoints.advertise("metrics", "http:///metrics")).hasMessageEndingWith("has no host");
        assertThatThrownBy(() -> endpoints.advertise("metrics", "http://a b/")).hasMessageContaining("is not a URL");
        assertThatThrownBy(() -> endpoints.advertise("metrics", " ")).hasMessageEndingWith("' ' is empty");
        assertThatThrownBy(() -> endpoints.advertise("metrics", null)).hasMessageEndingWith("null is empty");
        assertThat(endpoints.snapshot()).isEmpty();
    }
}
