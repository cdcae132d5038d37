package dev.trellis.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.bench.FailoverTimeline.Outcome;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The failover figures from made-up request outcomes (times in ms from an origin, the kill at 1000 ms). */
class FailoverTimelineTest {
    private static final long KILL = ms(1000);

    private static long ms(long millis) {
        return millis * 1_000_000L;
    }

    private static Outcome outcome(long sentMs, long doneMs, int status, String body) {
        return new Outcome(ms(sentMs), ms(doneMs), status, body);
    }

    @Test
    void timesAreFromTheKillAndCountsCoverWhatWasAnsweredAfterIt() {
        var figures = FailoverTimeline.summarize(KILL, ms(4000), "lost", List.of(
                outcome(900, 901, 200, "lost"),           // before the kill
                outcome(990, 1500, 503, "node_lost"),     // in flight at the kill, failed
                outcome(1100, 1100, FailoverTimeline.CONNECTION_ERROR, null),
                outcome(1200, 2200, 503, "node_lost"),    // the last failure
                outcome(1300, 4300, 200, "other"),        // waited in a queue: the first 200 from elsewhere
                outcome(4400, 4401, 200, "other\n"),
                outcome(2500, 17500, FailoverTimeline.TIMEOUT, null)));

        assertThat(figures.path("replicas_running_s").asDouble()).isEqualTo(3.0);
        assertThat(figures.path("first_served_elsewhere_s").asDouble()).isEqualTo(3.3);
        assertThat(figures.path("last_failure_s").asDouble()).isEqualTo(16.5);
        assertThat(figures.path("longest_request_s").asDouble()).isEqualTo(15.0);
        assertThat(figures.path("in_flight_at_kill").asInt()).isEqualTo(1);
        assertThat(figures.at("/answers_before_kill/requests").asInt()).isEqualTo(1);
        assertThat(figures.at("/answers_after_kill/200").asInt()).isEqualTo(2);
        assertThat(figures.at("/answers_after_kill/503").asInt()).isEqualTo(2);
        assertThat(figures.at("/answers_after_kill/other").asInt()).isEqualTo(2);
        assertThat(figures.at("/answers_after_kill/other_detail/connection_error").asInt()).isEqualTo(1);
        assertThat(figures.at("/answers_after_kill/other_detail/no_answer_timeout").asInt()).isEqualTo(1);
    }

    @Test
    void aClusterThatNeverServedAgainHasNoTimesButStillItsCounts() {
        var figures = FailoverTimeline.summarize(KILL, null, "lost", List.of(
                outcome(1001, 1002, 200, "lost"),
                outcome(1100, 1200, 503, "node_lost")));

        assertThat(figures.path("replicas_running_s").isNull()).isTrue();
        assertThat(figures.path("first_served_elsewhere_s").isNull()).isTrue();
        assertThat(figures.at("/answers_after_kill/200_from_lost_node").asInt()).isEqualTo(1);
        assertThat(figures.at("/answers_after_kill/503").asInt()).isEqualTo(1);
    }
}
