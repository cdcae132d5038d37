package dev.trellis.serve.internal.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/**
 * A call scope's log fields in the MDC: put eagerly when no backend filter fills them, filled on
 * demand otherwise (nothing in the MDC until asked), and gone after the scope either way, with an
 * outer scope's fields coming back after an inner scope replaced them.
 */
class CallScopeLogFieldsTest {
    private boolean before;

    @BeforeEach
    void remember() {
        before = LogFields.filledOnDemand();
        MDC.clear();
    }

    @AfterEach
    void restore() {
        LogFields.filledOnDemand(before);
        MDC.clear();
    }

    private static CallScope scope(String requestId, String deployment) {
        return new CallScope(new RequestContext(requestId, null, null), Tracing.OFF, null, "app", deployment,
                "app#" + deployment + "#1", null);
    }

    @Test
    void eagerFieldsAreInTheMdcForTheWholeScopeAndGoneAfter() {
        LogFields.filledOnDemand(false);
        var seen = new AtomicReference<Map<String, String>>();
        scope("req-1", "A").run(() -> seen.set(MDC.getCopyOfContextMap()));
        assertThat(seen.get()).containsEntry("request_id", "req-1").containsEntry("application", "app")
                .containsEntry("deployment", "A").containsEntry("replica", "app#A#1").doesNotContainKey("route");
        assertThat(MDC.get("request_id")).isNull();
    }

    @Test
    void onDemandFieldsStayOutOfTheMdcUntilFilledAndAreGoneAfter() {
        LogFields.filledOnDemand(true);
        var before = new AtomicReference<String>();
        var after = new AtomicReference<String>();
        scope("req-2", "A").run(() -> {
            before.set(MDC.get("request_id"));
            CallScope.current().fillLogFields();
            after.set(MDC.get("request_id"));
        });
        assertThat(before.get()).isNull();
        assertThat(after.get()).isEqualTo("req-2");
        assertThat(MDC.get("request_id")).isNull();
    }

    @Test
    void anOuterScopesFieldsAreFilledAgainAfterAnInnerScopeReplacedThem() {
        LogFields.filledOnDemand(true);
        var inInner = new AtomicReference<String>();
        var afterInner = new AtomicReference<String>();
        scope("outer", "A").run(() -> {
            CallScope.current().fillLogFields();
            scope("inner", "B").run(() -> {
                CallScope.current().fillLogFields();
                inInner.set(MDC.get("deployment"));
            });
            CallScope.current().fillLogFields();
            afterInner.set(MDC.get("request_id") + "/" + MDC.get("deployment"));
        });
        assertThat(inInner.get()).isEqualTo("B");
        assertThat(afterInner.get()).isEqualTo("outer/A");
        assertThat(MDC.get("request_id")).isNull();
    }
}
