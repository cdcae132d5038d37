package dev.trellis.serve.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.serve.HttpOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpOptionsConfigTest {
    private static final String APPLICATIONS = """
            applications:
              - name: greeter
                import_path: %s:app
            """.formatted(TestApps.class.getName());

    @TempDir
    Path dir;

    @Test
    void readsEveryHttpOption() throws IOException {
        HttpOptions http = ServeConfigFile.load(write("""
                http_options:
                  host: 0.0.0.0
                  port: 8123
                  request_timeout_s: 2.5
                  max_request_body_bytes: 2048
                  back_pressure_status: 429
                  retry_after_s: 3
                  access_log: false
                """ + APPLICATIONS)).httpOptions();

        assertThat(http.host()).isEqualTo("0.0.0.0");
        assertThat(http.port()).isEqualTo(8123);
        assertThat(http.requestTimeout()).isEqualTo(Duration.ofMillis(2500));
        assertThat(http.maxRequestBodyBytes()).isEqualTo(2048);
        assertThat(http.backPressureStatus()).isEqualTo(429);
        assertThat(http.retryAfter()).isEqualTo(Duration.ofSeconds(3));
        assertThat(http.accessLog()).isFalse();
    }

    @Test
    void readsProxyLocationAndRefusesAnUnknownOne() throws IOException {
        assertThat(ServeConfigFile.load(write("proxy_location: HeadOnly\n" + APPLICATIONS)).proxyLocation())
                .contains(dev.trellis.serve.ProxyLocation.HEAD_ONLY);
        assertThat(ServeConfigFile.load(write(APPLICATIONS)).proxyLocation()).isEmpty();
        assertThatThrownBy(() -> ServeConfigFile.load(write("proxy_location: headonly\n" + APPLICATIONS)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("proxy_location")
                .hasMessageContaining("must be one of EveryNode, HeadOnly, Disabled, was 'headonly'");
    }

    @Test
    void proxyLocationDecidesWhichNodesRunAProxy() {
        assertThat(dev.trellis.serve.ProxyLocation.EVERY_NODE.runsProxyOn("worker")).isTrue();
        assertThat(dev.trellis.serve.ProxyLocation.HEAD_ONLY.runsProxyOn("head")).isTrue();
        assertThat(dev.trellis.serve.ProxyLocation.HEAD_ONLY.runsProxyOn("worker")).isFalse();
        assertThat(dev.trellis.serve.ProxyLocation.DISABLED.runsProxyOn("head")).isFalse();
        assertThatThrownBy(() -> dev.trellis.serve.ProxyLocation.parse("--proxy-location", "Everywhere"))
                .hasMessage("--proxy-location must be one of EveryNode, HeadOnly, Disabled, was 'Everywhere'");
    }

    @Test
    void defaultsWhenAbsentOrPartial() throws IOException {
        HttpOptions absent = ServeConfigFile.load(write(APPLICATIONS)).httpOptions();
        HttpOptions partial = ServeConfigFile.load(write("http_options: {port: 0}\n" + APPLICATIONS)).httpOptions();

        assertThat(absent.host()).isEqualTo("127.0.0.1");
        assertThat(absent.port()).isEqualTo(8000);
        assertThat(absent.requestTimeout()).isNull();
        assertThat(partial.port()).isZero();
        assertThat(partial.host()).isEqualTo("127.0.0.1");
        assertThat(partial.backPressureStatus()).isEqualTo(503);
        assertThat(partial.accessLog()).isTrue();
    }

    @Test
    void listsEveryBadValueWithItsKeyAndLine() throws IOException {
        Path file = write("""
                http_options:
                  port: 70000
                  request_timeout_s: 0
                  max_request_body_bytes: lots
                  back_pressure_status: 500
                  access_log: sometimes
                """ + APPLICATIONS);

        assertThatThrownBy(() -> ServeConfigFile.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("http_options.port (line 2): http_options.port must be between 0 and 65535, was 70000")
                .hasMessageContaining("http_options.request_timeout_s (line 3): ")
                .hasMessageContaining("must be a positive duration")
                .hasMessageContaining("http_options.max_request_body_bytes (line 4): must be an integer, was \"lots\"")
                .hasMessageContaining("http_options.back_pressure_status (line 5): ")
                .hasMessageContaining("must be 503 or 429, was 500")
                .hasMessageContaining("http_options.access_log (line 6): must be true or false, was \"sometimes\"");
    }

    @Test
    void rejectsUnknownHttpOptionListingTheSupportedOnes() throws IOException {
        Path file = write("""
                http_options:
                  location: EveryNode
                """ + APPLICATIONS);

        assertThatThrownBy(() -> ServeConfigFile.load(file))
                .hasMessageContaining("http_options.location (line 2): unknown key 'location'; supported keys here: "
                        + String.join(", ", HttpOptionsReader.KEYS));
    }

    @Test
    void rejectsHttpOptionsThatAreNotAMapping() throws IOException {
        Path file = write("http_options: 8000\n" + APPLICATIONS);

        assertThatThrownBy(() -> ServeConfigFile.load(file)).hasMessageContaining("http_options (line 1): must be a mapping");
    }

    private Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("serve.yaml"), yaml);
    }
}
