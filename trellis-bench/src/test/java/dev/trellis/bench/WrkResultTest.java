package dev.trellis.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** wrk's --latency report becomes figures in milliseconds, whatever units wrk chose. */
class WrkResultTest {
    private static final String REPORT = """
            Running 3s test @ http://127.0.0.1:37601/
              2 threads and 64 connections
              Thread Stats   Avg      Stdev     Max   +/- Stdev
                Latency     2.34ms    2.88ms  46.80ms   89.06%
                Req/Sec    17.40k     8.65k   33.43k    58.33%
              Latency Distribution
                 50%  580.00us
                 75%    3.37ms
                 90%    5.43ms
                 99%    1.02s
              104329 requests in 3.02s, 8.36MB read
              Socket errors: connect 0, read 2, write 0, timeout 3
              Non-2xx or 3xx responses: 4
            Requests/sec:  34550.10
            Transfer/sec:      2.77MB
            """;

    @Test
    void readsThroughputAndPercentilesInMilliseconds() {
        WrkResult r = WrkResult.parse(REPORT);

        assertThat(r.requestsPerSecond()).isEqualTo(34550.10);
        assertThat(r.p50Millis()).isCloseTo(0.58, within(1e-9));
        assertThat(r.p99Millis()).isCloseTo(1020.0, within(1e-9));
        assertThat(r.requests()).isEqualTo(104329);
        assertThat(r.durationSeconds()).isCloseTo(3.02, within(1e-9));
        assertThat(r.threads()).isEqualTo(2);
        assertThat(r.connections()).isEqualTo(64);
    }

    @Test
    void countsSocketErrorsAndBadStatusesAsErrors() {
        assertThat(WrkResult.parse(REPORT).errors()).isEqualTo(9);
    }

    @Test
    void rejectsAReportWithoutLatencyDistribution() {
        String withoutDistribution = REPORT.replaceAll("(?m)^\\s+\\d+%\\s+\\S+\\n", "");

        assertThatThrownBy(() -> WrkResult.parse(withoutDistribution))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--latency");
    }
}
