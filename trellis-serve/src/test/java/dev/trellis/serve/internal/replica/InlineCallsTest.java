package dev.trellis.serve.internal.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class InlineCallsTest {
    private static void onVirtualThread(Runnable body) throws Exception {
        var failure = new Throwable[1];
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                failure[0] = e;
            }
        });
        t.join(10_000);
        if (failure[0] != null) {
            throw new AssertionError(failure[0]);
        }
    }

    @Test
    void aSlotTakesOneCallWhichRunsHereAfterTheSubmissionReturns() throws Exception {
        onVirtualThread(() -> {
            List<String> events = Collections.synchronizedList(new ArrayList<>());
            Thread self = Thread.currentThread();
            String result = InlineCalls.offering(() -> {
                assertThat(InlineCalls.take(() -> events.add("first ran on " + (Thread.currentThread() == self)))).isTrue();
                assertThat(InlineCalls.take(() -> events.add("second"))).as("a slot holds one call").isFalse();
                events.add("submitted");
                return "response";
            });
            assertThat(result).isEqualTo("response");
            assertThat(events).containsExactly("submitted", "first ran on true");
            assertThat(InlineCalls.take(() -> { })).as("no slot once offering returned").isFalse();
        });
    }

    @Test
    void aTakenCallRunsEvenWhenTheSubmissionFailsAfterwards() throws Exception {
        onVirtualThread(() -> {
            var ran = new boolean[1];
            assertThatThrownBy(() -> InlineCalls.offering(() -> {
                InlineCalls.take(() -> ran[0] = true);
                throw new IllegalStateException("after the take");
            })).hasMessage("after the take");
            assertThat(ran[0]).isTrue();
        });
    }

    @Test
    void aPlatformThreadOffersNoSlot() {
        assertThat(InlineCalls.<Boolean>offering(() -> InlineCalls.take(() -> { }))).isFalse();
        assertThat(InlineCalls.take(() -> { })).isFalse();
    }
}
