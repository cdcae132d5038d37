package dev.trellis.serve;

import java.util.List;
import java.util.Map;

/**
 * A snapshot of everything Serve runs, the counterpart of Ray's {@code serve.status()}.
 *
 * @param applications by application name
 */
public record ServeStatus(Map<String, ApplicationOverview> applications) {

    /** One application: its status, a message when it is not RUNNING, and its deployments. */
    public record ApplicationOverview(String name, String routePrefix, ApplicationStatus status, String message,
                                      String ingressDeployment, Map<String, DeploymentOverview> deployments) {
    }

    /**
     * One deployment: status, message (why it is not HEALTHY: a constructor failure, missing
     * resources...), target replica count and every replica.
     */
    public record DeploymentOverview(String name, DeploymentStatus status, String message, int targetReplicas,
                                     List<ReplicaOverview> replicas) {

        /** How many replicas are in {@code state}. */
        public long count(ReplicaState state) {
            return replicas.stream().filter(r -> r.state() == state).count();
        }
    }

    /**
     * One replica, the node it runs on (null while it waits for one, or when Serve runs alone) and
     * the multiplexed model ids it last reported holding (empty without a multiplexed loader).
     */
    public record ReplicaOverview(String replicaId, ReplicaState state, String message, String node,
                                  java.util.Set<String> multiplexedModelIds) {
        public ReplicaOverview {
            multiplexedModelIds = multiplexedModelIds == null ? java.util.Set.of()
                    : java.util.Collections.unmodifiableSet(new java.util.TreeSet<>(multiplexedModelIds));
        }

        public ReplicaOverview(String replicaId, ReplicaState state, String message, String node) {
            this(replicaId, state, message, node, java.util.Set.of());
        }

        public ReplicaOverview(String replicaId, ReplicaState state, String message) {
            this(replicaId, state, message, null);
        }
    }

    public ApplicationOverview application(String name) {
        var app = applications.get(name);
        if (app == null) {
            throw new IllegalArgumentException("no application named '" + name + "'; applications: "
                    + applications.keySet());
        }
        return app;
    }
}
