package dev.trellis.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.trellis.http.ExampleBody;
import dev.trellis.http.Request;
import java.util.List;
import org.junit.jupiter.api.Test;

class CurlExamplesTest {
    private static final String BASE = "http://127.0.0.1:8000";

    public enum Unit { CM, MM }

    public record Measure(@JsonProperty("petal width") double width, Unit unit) {
    }

    public record Order(String name, int count, boolean urgent, List<Measure> measures) {
    }

    public static final class Orders {
        public String place(Order order) {
            return order.name();
        }
    }

    public static final class Documented {
        @ExampleBody("{\"name\": \"it's\"}")
        public String place(Order order) {
            return order.name();
        }
    }

    public static final class Raw {
        public String call(Request request) {
            return request.text();
        }
    }

    @Test
    void aJsonIngressGetsAPostOfABodyMadeFromItsParameterType() {
        assertThat(CurlExamples.curl(BASE, "/orders", Orders.class)).isEqualTo(
                "curl -X POST http://127.0.0.1:8000/orders -H 'content-type: application/json' -d '"
                        + "{\"name\":\"text\",\"count\":1,\"urgent\":true,\"measures\":[{\"petal width\":1.0,\"unit\":\"CM\"}]}'");
    }

    @Test
    void anExampleBodyIsSentAsWrittenWithShellQuotesEscaped() {
        assertThat(CurlExamples.curl(BASE, "/orders", Documented.class)).isEqualTo(
                "curl -X POST http://127.0.0.1:8000/orders -H 'content-type: application/json' -d '{\"name\": \"it'\\''s\"}'");
    }

    public static final class PerCustomer {
        @dev.trellis.serve.Multiplexed
        public String load(String modelId) {
            return modelId;
        }

        public String place(Order order) {
            return order.name();
        }
    }

    @Test
    void aMultiplexedIngressGetsTheModelIdHeader() {
        assertThat(CurlExamples.curl(BASE, "/orders", PerCustomer.class))
                .startsWith("curl -X POST http://127.0.0.1:8000/orders -H 'content-type: application/json' -d '{")
                .endsWith("}' -H 'serve_multiplexed_model_id: MODEL_ID'");
        assertThat(CurlExamples.curl(BASE, "/orders", Orders.class)).doesNotContain("serve_multiplexed_model_id");
    }

    @Test
    void aRequestIngressWithoutExampleGetsAPlainGet() {
        assertThat(CurlExamples.curl(BASE, "/", Raw.class)).isEqualTo("curl http://127.0.0.1:8000/");
    }
}
