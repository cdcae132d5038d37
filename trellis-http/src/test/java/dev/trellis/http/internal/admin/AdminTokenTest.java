package dev.trellis.http.internal.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.http.AdminServer;
import org.junit.jupiter.api.Test;

/** The bearer token: every route needs it when set; exposing the API without one is refused. */
class AdminTokenTest {

    @Test
    void everyRouteNeedsTheToken() {
        try (var admin = AdminServer.builder().port(0).token("s3cret").start();
             var none = new AdminApiClient(admin.url(), null);
             var wrong = new AdminApiClient(admin.url(), "guess");
             var right = new AdminApiClient(admin.url(), "s3cret")) {
            for (String path : new String[] {"/-/healthz", "/api/serve/applications/", "/api/serve/schema",
                    "/api/serve/prometheus-targets"}) {
                var missing = none.get(path);
                assertThat(missing.statusCode()).as(path).isEqualTo(401);
                assertThat(missing.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
                assertThat(wrong.get(path).statusCode()).as(path).isEqualTo(401);
            }
            assertThat(right.get("/-/healthz").statusCode()).isEqualTo(200);
            assertThat(right.get("/api/serve/schema").statusCode()).isEqualTo(200);
            assertThat(right.get("/api/serve/prometheus-targets").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void tokenComparisonNeedsTheWholeToken() {
        var token = new BearerToken("s3cret");
        assertThat(token.accepts("Bearer s3cret")).isTrue();
        assertThat(token.accepts("bearer s3cret")).isTrue();
        assertThat(token.accepts("Bearer s3cre")).isFalse();
        assertThat(token.accepts("Bearer s3cret2")).isFalse();
        assertThat(token.accepts("Basic s3cret")).isFalse();
        assertThat(token.accepts(null)).isFalse();
    }

    @Test
    void nonLoopbackAddressWithoutATokenIsRefused() {
        assertThatThrownBy(() -> AdminServer.builder().host("0.0.0.0").port(0).start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("0.0.0.0").hasMessageContaining("TRELLIS_ADMIN_TOKEN");
    }

    @Test
    void nonLoopbackAddressWithATokenIsAllowed() {
        try (var admin = AdminServer.builder().host("0.0.0.0").port(0).token("s3cret").start();
             var right = new AdminApiClient(admin.url(), "s3cret")) {
            assertThat(right.get("/-/healthz").statusCode()).isEqualTo(200);
        }
    }
}
