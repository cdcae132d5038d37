package dev.trellis.cli;

import dev.trellis.core.NodeInfo;
import java.util.List;
import java.util.Map;

/**
 * The nodes part of {@code trellis status}: one row per node, then under it what waits there,
 * what each library holds of its resources, and the URLs its services advertise:
 *
 * <pre>
 * NODE       ROLE    ADDRESS          TOTAL                      AVAILABLE                  RUNNING ACTORS  STORE_BYTES
 * n1a2b3c4d  head    127.0.0.1:6380   {CPU: 4, GPU: 0}           {CPU: 2, GPU: 0}                 0      0            0
 *     pending: ...
 *     held by serve: 2 reservation(s), {CPU: 2, GPU: 0}
 *     metrics: http://127.0.0.1:40211/metrics
 *     serve-proxy: http://127.0.0.1:8000
 * </pre>
 *
 * A node that advertises no {@code metrics} endpoint (one started before nodes advertised it)
 * shows the URL recorded when it was started from this directory, if any. A pure function of
 * its input.
 */
final class NodeTable {
    private static final String ROW = "%-10s %-7s %-16s %-26s %-26s %7s %6s %12s\n";

    private NodeTable() {
    }

    /**
     * @param recordedMetrics the metrics URL of each node started from this directory, by node id
     */
    static String render(List<NodeInfo> nodes, Map<String, String> recordedMetrics) {
        var sb = new StringBuilder();
        sb.append(String.format(ROW, "NODE", "ROLE", "ADDRESS", "TOTAL", "AVAILABLE", "RUNNING", "ACTORS",
                "STORE_BYTES"));
        for (NodeInfo n : nodes) {
            sb.append(String.format(ROW, n.nodeId(), n.role(), n.address(), n.total(), n.available(), n.runningTasks(),
                    n.actors(), n.objectStoreBytes()));
            n.pending().forEach(p -> sb.append("    pending: ").append(p).append('\n'));
            n.holdings().forEach((holder, h) -> sb.append("    held by ").append(holder).append(": ")
                    .append(h.reservations()).append(" reservation(s), ").append(h.resources()).append('\n'));
            String recorded = recordedMetrics.get(n.nodeId());
            if (recorded != null && !n.endpoints().containsKey("metrics")) {
                sb.append("    metrics: ").append(recorded).append('\n');
            }
            n.endpoints().forEach((name, url) -> sb.append("    ").append(name).append(": ").append(url).append('\n'));
        }
        return sb.toString();
    }
}
