package dev.trellis.http.internal.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trellis.serve.ReplicaState;
import dev.trellis.serve.ServeStatus;
import dev.trellis.serve.ServeStatus.ApplicationOverview;
import dev.trellis.serve.ServeStatus.DeploymentOverview;
import java.net.InetSocketAddress;
import java.util.Map;

/**
 * The body of {@code GET /api/serve/applications/}, in the shape of Ray's
 * {@code ServeInstanceDetails}:
 *
 * <pre>
 * {"controller_info": {"pid": 4242},
 *  "http_options": {"host": "127.0.0.1", "port": 8000},
 *  "applications": {"iris": {"name": "iris", "status": "RUNNING", "message": "", "route_prefix": "/iris",
 *      "ingress_deployment": "IrisEnsemble", "last_deployed_time_s": 1765000000.5,
 *      "deployed_app_config": {...the application's entry as deployed, null if not deployed through this API...},
 *      "deployments": {"IrisEnsemble": {"name": "IrisEnsemble", "status": "HEALTHY", "message": "",
 *          "target_num_replicas": 1, "replica_states": {"RUNNING": 1},
 *          "replicas": [{"replica_id": "...", "state": "RUNNING", "message": "", "node_id": "..."}]}}}}}
 * </pre>
 *
 * {@code node_id} (the node a replica runs on, when Serve runs on Trellis Core; Ray's replica
 * details name it the same) is left out when Serve runs alone; {@code multiplexed_model_ids}
 * (the models a replica last reported holding, sorted) only when it holds any.
 * {@code ingress_deployment} is Trellis's addition (it lets {@code trellis serve status} list the
 * ingress first). A pure function of its inputs.
 */
final class StatusDocument {
    private StatusDocument() {
    }

    static ObjectNode of(ServeStatus status, Map<String, ConfigApplier.Applied> inForce, InetSocketAddress http) {
        ObjectNode root = AdminResponse.JSON.createObjectNode();
        root.putObject("controller_info").put("pid", ProcessHandle.current().pid());
        if (http == null) {
            root.putNull("http_options");
        } else {
            root.putObject("http_options").put("host", http.getAddress().getHostAddress()).put("port", http.getPort());
        }
        ObjectNode apps = root.putObject("applications");
        for (ApplicationOverview app : status.applications().values()) {
            application(apps.putObject(app.name()), app, inForce.get(app.name()));
        }
        return root;
    }

    private static void application(ObjectNode node, ApplicationOverview app, ConfigApplier.Applied applied) {
        node.put("name", app.name())
                .put("status", String.valueOf(app.status()))
                .put("message", app.message() == null ? "" : app.message())
                .put("route_prefix", app.routePrefix())
                .put("ingress_deployment", app.ingressDeployment());
        if (applied == null) {
            node.putNull("last_deployed_time_s");
            node.putNull("deployed_app_config");
        } else {
            node.put("last_deployed_time_s", java.math.BigDecimal.valueOf(applied.deployedAt().toEpochMilli(), 3));
            node.set("deployed_app_config", applied.config().deepCopy());
        }
        ObjectNode deployments = node.putObject("deployments");
        app.deployments().values().forEach(d -> deployment(deployments.putObject(d.name()), d));
    }

    private static void deployment(ObjectNode node, DeploymentOverview d) {
        node.put("name", d.name())
                .put("status", String.valueOf(d.status()))
                .put("message", d.message() == null ? "" : d.message())
                .put("target_num_replicas", d.targetReplicas());
        ObjectNode states = node.putObject("replica_states");
        for (ReplicaState state : ReplicaState.values()) {
            long n = d.count(state);
            if (n > 0) {
                states.put(state.name(), n);
            }
        }
        var replicas = node.putArray("replicas");
        d.replicas().forEach(r -> {
            ObjectNode replica = replicas.addObject()
                    .put("replica_id", r.replicaId())
                    .put("state", String.valueOf(r.state()))
                    .put("message", r.message() == null ? "" : r.message());
            if (r.node() != null) {
                replica.put("node_id", r.node());
            }
            if (!r.multiplexedModelIds().isEmpty()) {
                r.multiplexedModelIds().forEach(replica.putArray("multiplexed_model_ids")::add);
            }
        });
    }
}
