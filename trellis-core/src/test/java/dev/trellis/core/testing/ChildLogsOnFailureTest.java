package dev.trellis.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChildLogsOnFailureTest {
    @Test
    void theTailLeavesOutDebugLinesLogbacksStatusLinesAndBlankLines() {
        String printed = String.join("\n",
                "20:05:22,262 |-INFO in ch.qos.logback.classic.LoggerContext[default] - Found logback-core",
                "",
                "20:05:24.345 INFO  [main] d.t.c.i.c.ClusterPeers - joining",
                "20:05:24.346 DEBUG [main] d.t.c.i.c.ClusterPeers - detail",
                "trellis node n1 ready at 127.0.0.1:41337 (worker)",
                "20:05:37.276 WARN  [d-3] o.a.p.c.Cluster - Marking node as UNREACHABLE");
        assertThat(ChildLogsOnFailure.significantTail(printed, 10)).isEqualTo(String.join("\n",
                "20:05:24.345 INFO  [main] d.t.c.i.c.ClusterPeers - joining",
                "trellis node n1 ready at 127.0.0.1:41337 (worker)",
                "20:05:37.276 WARN  [d-3] o.a.p.c.Cluster - Marking node as UNREACHABLE"));
        assertThat(ChildLogsOnFailure.significantTail(printed, 1))
                .isEqualTo("20:05:37.276 WARN  [d-3] o.a.p.c.Cluster - Marking node as UNREACHABLE");
    }
}
