package dev.trellis.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.http.BadRequestException;
import dev.trellis.http.Request;
import dev.trellis.serve.Reconfigurable;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IngressAdaptersTest {
    public record Point(int x, int y) {
    }

    public static final class TakesRequest implements Reconfigurable<Map<String, Object>>, AutoCloseable {
        public String call(Request request) {
            return request.path();
        }

        public String other(String s) {
            return s;
        }

        @Override
        public void reconfigure(Map<String, Object> config) {
        }

        @Override
        public void close() {
        }
    }

    public static class Base {
        public int norm(Point p) {
            return Math.abs(p.x()) + Math.abs(p.y());
        }
    }

    public static final class InheritsOne extends Base {
        @Override
        public boolean equals(Object o) {
            return o == this;
        }

        @Override
        public int hashCode() {
            return 1;
        }
    }

    public static final class TakesList {
        public int sum(List<Point> points) {
            return points.stream().mapToInt(p -> p.x() + p.y()).sum();
        }
    }

    public static final class Ambiguous {
        public int a(Point p) {
            return 1;
        }

        public int b(Point p) {
            return 2;
        }
    }

    public static final class NoEntry {
        public int zero() {
            return 0;
        }
    }

    private static Request post(String body) {
        return new Request("POST", "/p", "/p", Map.of(), Map.of(), body.getBytes(StandardCharsets.UTF_8), "id-1");
    }

    @Test
    void theOneMethodTakingARequestGetsEveryRequest() throws Exception {
        IngressAdapter adapter = IngressAdapters.forClass(TakesRequest.class);
        Request request = post("{}");

        Invocation invocation = adapter.bind(request);

        assertThat(invocation.method()).isEqualTo(TakesRequest.class.getMethod("call", Request.class));
        assertThat(invocation.args()).containsExactly(request);
        assertThat(adapter.bindRunsUserCode()).isFalse();
    }

    /** A JSON-body ingress whose multiplexed model loader also takes one parameter. */
    public static final class WithModelLoader {
        @dev.trellis.serve.Multiplexed
        public String load(String modelId) {
            return modelId;
        }

        public double norm(Point p) {
            return Math.hypot(p.x(), p.y());
        }
    }

    @Test
    void aMultiplexedModelLoaderIsNeverAnEntryPoint() {
        Invocation invocation = IngressAdapters.forClass(WithModelLoader.class).bind(post("{\"x\": 3, \"y\": 4}"));

        assertThat(invocation.method().getName()).isEqualTo("norm");
    }

    @Test
    void theOneMethodWithAnotherParameterGetsTheJsonBody() {
        Invocation invocation = IngressAdapters.forClass(InheritsOne.class).bind(post("{\"x\": 3, \"y\": -4}"));

        assertThat(invocation.method().getName()).isEqualTo("norm");
        assertThat(invocation.args()).containsExactly(new Point(3, -4));
    }

    @Test
    void aGenericParameterIsBoundWithItsTypeArguments() {
        Invocation invocation = IngressAdapters.forClass(TakesList.class).bind(post("[{\"x\": 1, \"y\": 2}]"));

        assertThat(invocation.args()).containsExactly(List.of(new Point(1, 2)));
    }

    @Test
    void aBodyThatDoesNotBindIsABadRequestNamingTheField() {
        IngressAdapter adapter = IngressAdapters.forClass(InheritsOne.class);

        assertThatThrownBy(() -> adapter.bind(post("{\"x\": 1}")))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("'y'").hasMessageContaining("required");
        assertThatThrownBy(() -> adapter.bind(post("{\"x\": \"one\", \"y\": 2}")))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("'x'").hasMessageContaining("expected int");
        assertThatThrownBy(() -> adapter.bind(post("{\"x\": 1, \"y\": 2, \"z\": 3}")))
                .isInstanceOf(BadRequestException.class)
                .hasMessage("unknown field 'z' in Point; known fields: [x, y]");
        assertThatThrownBy(() -> adapter.bind(post("{\"x\": 1,")))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("malformed JSON");
        assertThatThrownBy(() -> adapter.bind(post("")))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("got an empty body");
    }

    @Test
    void theJsonAdapterTakesOnlyMethodsWithABody() {
        var get = new Request("GET", "/p", "/p", Map.of(), Map.of(), new byte[0], "id-2");

        assertThatThrownBy(() -> IngressAdapters.forClass(InheritsOne.class).bind(get))
                .isInstanceOfSatisfying(HttpError.class, e -> assertThat(e.status()).isEqualTo(405));
    }

    @Test
    void aClassWithoutOneEntryPointIsRefusedWithWhatItNeeds() {
        assertThatThrownBy(() -> IngressAdapters.forClass(Ambiguous.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(Ambiguous.class.getName())
                .hasMessageContaining("exactly one public method")
                .hasMessageContaining("a(Point), b(Point)");
        assertThatThrownBy(() -> IngressAdapters.forClass(NoEntry.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("it has none");
    }

    @Test
    void adaptersAreCachedPerClass() {
        assertThat(IngressAdapters.forClass(TakesRequest.class)).isSameAs(IngressAdapters.forClass(TakesRequest.class));
    }
}
