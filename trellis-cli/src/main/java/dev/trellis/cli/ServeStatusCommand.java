package dev.trellis.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.serve.ApplicationStatus;
import dev.trellis.serve.DeploymentStatus;
import dev.trellis.serve.ReplicaState;
import dev.trellis.serve.ServeStatus;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code trellis serve status}: the running instance's applications, deployments, replicas
 * and messages ({@code GET /api/serve/applications/}), as the table {@code serve run} prints,
 * or with {@code --json} the server's JSON as it is.
 */
@Command(name = "status", mixinStandardHelpOptions = true, versionProvider = TrellisVersion.class, sortOptions = false,
        description = "Shows the applications, deployments and replicas of the running Trellis instance.")
final class ServeStatusCommand extends AdminCommand {

    @Option(names = "--json", description = "Print the admin API's JSON instead of a table.")
    boolean json;

    @Override
    int run(AdminClient client, PrintWriter out, PrintWriter err) {
        var response = client.send("GET", "/api/serve/applications/", null, null);
        JsonNode body = client.json(response);
        if (json) {
            out.println(response.body().strip());
        } else {
            out.print(StatusTable.render(toStatus(body)));
        }
        return 0;
    }

    /** The admin API's JSON as {@link ServeStatus}, for {@link StatusTable}. */
    static ServeStatus toStatus(JsonNode body) {
        var apps = new LinkedHashMap<String, ServeStatus.ApplicationOverview>();
        body.path("applications").properties().forEach(e -> {
            JsonNode app = e.getValue();
            var deployments = new LinkedHashMap<String, ServeStatus.DeploymentOverview>();
            app.path("deployments").properties().forEach(d -> {
                JsonNode dep = d.getValue();
                var replicas = new ArrayList<ServeStatus.ReplicaOverview>();
                dep.path("replicas").forEach(r -> replicas.add(new ServeStatus.ReplicaOverview(
                        r.path("replica_id").asText(), ReplicaState.valueOf(r.path("state").asText()),
                        r.path("message").asText(""), r.hasNonNull("node_id") ? r.get("node_id").asText() : null)));
                deployments.put(d.getKey(), new ServeStatus.DeploymentOverview(d.getKey(),
                        DeploymentStatus.valueOf(dep.path("status").asText()), dep.path("message").asText(""),
                        dep.path("target_num_replicas").asInt(), replicas));
            });
            apps.put(e.getKey(), new ServeStatus.ApplicationOverview(e.getKey(),
                    app.path("route_prefix").isNull() ? null : app.path("route_prefix").asText(),
                    ApplicationStatus.valueOf(app.path("status").asText()), app.path("message").asText(""),
                    app.path("ingress_deployment").asText(""), deployments));
        });
        return new ServeStatus(apps);
    }
}
