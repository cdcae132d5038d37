package dev.trellis.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.serve.ApplicationStatus;
import dev.trellis.serve.DeploymentStatus;
import dev.trellis.serve.ReplicaState;
import dev.trellis.serve.ServeStatus;
import dev.trellis.serve.ServeStatus.ApplicationOverview;
import dev.trellis.serve.ServeStatus.DeploymentOverview;
import dev.trellis.serve.ServeStatus.ReplicaOverview;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusTableTest {

    @Test
    void rendersOneRowPerDeploymentIngressFirst() {
        var model = deployment("Model", DeploymentStatus.HEALTHY, "", 2, ReplicaState.RUNNING, ReplicaState.RUNNING);
        var ingress = deployment("Ingress", DeploymentStatus.HEALTHY, "", 1, ReplicaState.RUNNING);
        var status = status(new ApplicationOverview("calc", "/calc", ApplicationStatus.RUNNING, "", "Ingress",
                ordered(model, ingress)));

        assertThat(StatusTable.render(status)).isEqualTo("""
                APPLICATION  ROUTE PREFIX  APP STATUS  DEPLOYMENT  STATUS   REPLICAS     MESSAGE
                calc         /calc         RUNNING     Ingress     HEALTHY  1/1 RUNNING
                                                       Model       HEALTHY  2/2 RUNNING
                """);
    }

    @Test
    void countsReplicasInEveryStatePresent() {
        var d = deployment("Model", DeploymentStatus.UPDATING, "", 3,
                ReplicaState.RUNNING, ReplicaState.STARTING, ReplicaState.PENDING_ALLOCATION);

        assertThat(StatusTable.replicas(d)).isEqualTo("1/3 RUNNING, 1 PENDING_ALLOCATION, 1 STARTING");
    }

    @Test
    void showsApplicationAndDeploymentMessagesOnOneLine() {
        var d = deployment("Model", DeploymentStatus.UNHEALTHY, "constructor failed:\n  no model file", 1);
        var status = status(new ApplicationOverview("calc", null, ApplicationStatus.DEPLOY_FAILED,
                "Model failed to start", "Model", Map.of("Model", d)));

        assertThat(StatusTable.render(status)).contains(
                "calc         -             DEPLOY_FAILED  Model       UNHEALTHY  0/1 RUNNING"
                        + "  Model failed to start; constructor failed: no model file");
    }

    @Test
    void onAClusterSaysWhichNodesRunTheReplicas() {
        var model = new DeploymentOverview("Model", DeploymentStatus.UPDATING, "", 3, List.of(
                new ReplicaOverview("calc#Model#1", ReplicaState.RUNNING, "", "node-b"),
                new ReplicaOverview("calc#Model#2", ReplicaState.RUNNING, "", "node-a"),
                new ReplicaOverview("calc#Model#3", ReplicaState.RUNNING, "", "node-b"),
                new ReplicaOverview("calc#Model#4", ReplicaState.PENDING_ALLOCATION, "", null)));
        var status = status(new ApplicationOverview("calc", "/calc", ApplicationStatus.RUNNING, "", "Model",
                Map.of("Model", model)));

        assertThat(StatusTable.render(status)).isEqualTo("""
                APPLICATION  ROUTE PREFIX  APP STATUS  DEPLOYMENT  STATUS    REPLICAS                           NODES              MESSAGE
                calc         /calc         RUNNING     Model       UPDATING  3/3 RUNNING, 1 PENDING_ALLOCATION  node-a, node-b x2
                """);
    }

    @Test
    void saysSoWhenNothingRuns() {
        assertThat(StatusTable.render(new ServeStatus(Map.of()))).isEqualTo("No applications.\n");
    }

    private static ServeStatus status(ApplicationOverview app) {
        return new ServeStatus(Map.of(app.name(), app));
    }

    private static Map<String, DeploymentOverview> ordered(DeploymentOverview... deployments) {
        var map = new LinkedHashMap<String, DeploymentOverview>();
        for (var d : deployments) {
            map.put(d.name(), d);
        }
        return map;
    }

    private static DeploymentOverview deployment(String name, DeploymentStatus status, String message, int target,
                                                 ReplicaState... replicas) {
        var overviews = new java.util.ArrayList<ReplicaOverview>();
        for (int i = 0; i < replicas.length; i++) {
            overviews.add(new ReplicaOverview(name + "#" + i, replicas[i], ""));
        }
        return new DeploymentOverview(name, status, message, target, List.copyOf(overviews));
    }
}
