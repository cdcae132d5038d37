package dev.trellis.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.trellis.core.NodeInfo;
import dev.trellis.core.Trellis;
import dev.trellis.core.TrellisOptions;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code trellis status}, the counterpart of {@code ray status}: joins the cluster as a driver for a
 * moment and lists its nodes ({@link NodeTable}): their resources, what is used, what runs and
 * what waits, what Serve (and any other library) holds of each node's resources, and the URLs
 * each node advertises (its Prometheus metrics, Serve's proxy and admin API); then the placement
 * groups that are not removed ({@link PlacementGroupTable}), with why each pending one waits. With
 * {@code --json}, each node lists the groups it created under {@code placementGroups}, the
 * libraries' holdings under {@code holdings} and its URLs under {@code endpoints}.
 */
@Command(name = "status", mixinStandardHelpOptions = true, versionProvider = TrellisVersion.class,
        description = "Lists the nodes of the Trellis cluster, their resources and what runs or waits there.")
final class ClusterStatusCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--address", paramLabel = "HOST:PORT",
            description = "The head's cluster address (default: env TRELLIS_ADDRESS, else the head started here).")
    String address;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String target = address != null ? address : System.getenv(Trellis.ADDRESS_ENV);
        if (target == null || target.isBlank()) {
            target = NodeProcesses.recordedHead().orElse(null);
        }
        if (target == null) {
            err.println("Failed: no cluster address: give --address HOST:PORT, set TRELLIS_ADDRESS, or start a head"
                    + " here with ./trellis start --head");
            return StartCommand.EXIT_BAD_INPUT;
        }
        try {
            Trellis.init(TrellisOptions.builder().address(TrellisOptions.checkAddress(target))
                    .resources(dev.trellis.core.Resources.NONE).clusterKeys(NodeProcesses.clusterKeys().orElse(null))
                    .build());
        } catch (IllegalArgumentException e) {
            err.println("Invalid value: " + e.getMessage());
            return StartCommand.EXIT_BAD_INPUT;
        } catch (IllegalStateException e) {
            err.println("Failed: " + e.getMessage());
            return StartCommand.EXIT_FAILED;
        }
        try {
            Thread.sleep(1_500); // a heartbeat round (1 s), so every node's latest report is in
            List<NodeInfo> nodes = Trellis.nodes().stream().filter(n -> !n.nodeId().equals(Trellis.nodeId())).toList();
            if (json) {
                out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(nodes));
            } else {
                out.print(NodeTable.render(nodes, NodeProcesses.recordedMetrics()));
                String groups = PlacementGroupTable.render(nodes);
                if (!groups.isEmpty()) {
                    out.println();
                    out.print(groups);
                }
            }
            return 0;
        } finally {
            out.flush();
            Trellis.shutdown();
        }
    }
}
