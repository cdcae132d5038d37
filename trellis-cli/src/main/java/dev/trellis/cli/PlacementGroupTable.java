package dev.trellis.cli;

import dev.trellis.core.NodeInfo;
import dev.trellis.core.PlacementGroupInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * The placement groups part of {@code trellis status}: one row per group that is not removed,
 * each bundle with the node holding it ("-" while it waits), then why a group waits or failed:
 *
 * <pre>
 * PLACEMENT GROUP  NAME      CREATOR    STRATEGY       STATE    BUNDLES
 * g-n1a2b3c4d-1    trainers  n1a2b3c4d  STRICT_SPREAD  PENDING  0 {CPU: 1, GPU: 0} on n5e6f7a8b, 1 {CPU: 1, GPU: 0} on -
 *     waiting: STRICT_SPREAD needs 2 different nodes, each with its bundle free, ...
 * </pre>
 *
 * Empty when no group is live. A pure function of its input.
 */
final class PlacementGroupTable {
    private static final List<String> HEADER = List.of("PLACEMENT GROUP", "NAME", "CREATOR", "STRATEGY", "STATE", "BUNDLES");

    private PlacementGroupTable() {
    }

    static String render(List<NodeInfo> nodes) {
        var groups = nodes.stream().flatMap(n -> n.placementGroups().stream())
                .filter(g -> g.state() != PlacementGroupInfo.State.REMOVED).toList();
        if (groups.isEmpty()) {
            return "";
        }
        var rows = new ArrayList<List<String>>();
        rows.add(HEADER);
        for (PlacementGroupInfo g : groups) {
            rows.add(List.of(g.id(), g.name() == null ? "-" : g.name(), g.creatorNode(), g.strategy().name(),
                    g.state().name(), bundles(g)));
        }
        int[] widths = new int[HEADER.size()];
        rows.forEach(r -> {
            for (int c = 0; c < widths.length; c++) {
                widths[c] = Math.max(widths[c], r.get(c).length());
            }
        });
        var sb = new StringBuilder();
        for (int i = 0; i < rows.size(); i++) {
            List<String> row = rows.get(i);
            var line = new StringBuilder();
            for (int c = 0; c < widths.length; c++) {
                line.append(c == widths.length - 1 ? row.get(c) : String.format("%-" + (widths[c] + 2) + "s", row.get(c)));
            }
            sb.append(line.toString().stripTrailing()).append('\n');
            PlacementGroupInfo g = i == 0 ? null : groups.get(i - 1);
            if (g != null && g.reason() != null) {
                sb.append("    ").append(g.state() == PlacementGroupInfo.State.INFEASIBLE ? "failed: " : "waiting: ")
                        .append(g.reason().strip().replaceAll("\\s*\\R\\s*", " ")).append('\n');
            }
        }
        return sb.toString();
    }

    /** "0 {CPU: 1, GPU: 0} on n1, 1 {CPU: 1, GPU: 0} on -". */
    static String bundles(PlacementGroupInfo g) {
        var parts = new ArrayList<String>();
        for (int i = 0; i < g.bundles().size(); i++) {
            parts.add(i + " " + g.bundles().get(i) + " on " + g.bundleNodes().getOrDefault(i, "-"));
        }
        return String.join(", ", parts);
    }
}
