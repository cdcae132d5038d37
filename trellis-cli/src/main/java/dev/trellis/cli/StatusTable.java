package dev.trellis.cli;

import dev.trellis.serve.ReplicaState;
import dev.trellis.serve.ServeStatus;
import dev.trellis.serve.ServeStatus.ApplicationOverview;
import dev.trellis.serve.ServeStatus.DeploymentOverview;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Renders {@link ServeStatus} as a plain-text table, one row per deployment, the ingress first:
 *
 * <pre>
 * APPLICATION  ROUTE PREFIX  APP STATUS  DEPLOYMENT          STATUS   REPLICAS     MESSAGE
 * iris         /iris         RUNNING     IrisEnsemble        HEALTHY  1/1 RUNNING
 *                                        LogisticRegression  HEALTHY  2/2 RUNNING
 * </pre>
 *
 * REPLICAS shows running/target, then the count of every other state present
 * ("1/2 RUNNING, 1 STARTING"). On a cluster (replicas name their nodes) a NODES column before
 * MESSAGE says where the running replicas are ("node-a x2, node-b"). MESSAGE joins the application's and the deployment's messages
 * on one line. A pure function of its input.
 */
final class StatusTable {
    private static final List<String> HEADER =
            List.of("APPLICATION", "ROUTE PREFIX", "APP STATUS", "DEPLOYMENT", "STATUS", "REPLICAS", "MESSAGE");

    private StatusTable() {
    }

    static String render(ServeStatus status) {
        if (status.applications().isEmpty()) {
            return "No applications.\n";
        }
        boolean onNodes = status.applications().values().stream()
                .flatMap(a -> a.deployments().values().stream())
                .flatMap(d -> d.replicas().stream())
                .anyMatch(r -> r.node() != null);
        var rows = new ArrayList<List<String>>();
        rows.add(onNodes ? withNodes(HEADER, "NODES") : HEADER);
        status.applications().values().forEach(app -> addRows(app, rows, onNodes));
        return format(rows);
    }

    private static List<String> withNodes(List<String> row, String nodes) {
        var out = new ArrayList<>(row);
        out.add(out.size() - 1, nodes);
        return out;
    }

    /** Where {@code d}'s running replicas are: "node-a x2, node-b". */
    static String nodes(DeploymentOverview d) {
        var counts = new java.util.TreeMap<String, Integer>();
        d.replicas().stream().filter(r -> r.state() == ReplicaState.RUNNING && r.node() != null)
                .forEach(r -> counts.merge(r.node(), 1, Integer::sum));
        return counts.entrySet().stream().map(e -> e.getValue() == 1 ? e.getKey() : e.getKey() + " x" + e.getValue())
                .collect(Collectors.joining(", "));
    }

    private static void addRows(ApplicationOverview app, List<List<String>> rows, boolean onNodes) {
        String route = app.routePrefix() == null ? "-" : app.routePrefix();
        List<DeploymentOverview> deployments = Stream.concat(
                        app.deployments().values().stream().filter(d -> d.name().equals(app.ingressDeployment())),
                        app.deployments().values().stream().filter(d -> !d.name().equals(app.ingressDeployment())))
                .toList();
        if (deployments.isEmpty()) {
            List<String> row = List.of(app.name(), route, String.valueOf(app.status()), "-", "-", "-", oneLine(app.message()));
            rows.add(onNodes ? withNodes(row, "-") : row);
            return;
        }
        for (int i = 0; i < deployments.size(); i++) {
            DeploymentOverview d = deployments.get(i);
            boolean first = i == 0;
            String message = first ? join(app.message(), d.message()) : oneLine(d.message());
            List<String> row = List.of(first ? app.name() : "", first ? route : "", first ? String.valueOf(app.status()) : "",
                    d.name(), String.valueOf(d.status()), replicas(d), message);
            rows.add(onNodes ? withNodes(row, nodes(d)) : row);
        }
    }

    /** "2/2 RUNNING" or "0/1 RUNNING, 1 PENDING_ALLOCATION". */
    static String replicas(DeploymentOverview d) {
        var parts = new ArrayList<String>();
        parts.add(d.count(ReplicaState.RUNNING) + "/" + d.targetReplicas() + " " + ReplicaState.RUNNING);
        for (ReplicaState state : ReplicaState.values()) {
            long n = d.count(state);
            if (state != ReplicaState.RUNNING && n > 0) {
                parts.add(n + " " + state);
            }
        }
        return String.join(", ", parts);
    }

    private static String join(String appMessage, String deploymentMessage) {
        return Stream.of(oneLine(appMessage), oneLine(deploymentMessage))
                .filter(s -> !s.isEmpty())
                .collect(Collectors.joining("; "));
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    private static String format(List<List<String>> rows) {
        int columns = rows.get(0).size();
        int[] widths = new int[columns];
        for (var row : rows) {
            for (int c = 0; c < columns; c++) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        var sb = new StringBuilder();
        for (var row : rows) {
            var line = new StringBuilder();
            for (int c = 0; c < columns; c++) {
                line.append(c == columns - 1 ? row.get(c) : String.format("%-" + (widths[c] + 2) + "s", row.get(c)));
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }
}
