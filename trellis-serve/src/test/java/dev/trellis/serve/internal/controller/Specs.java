package dev.trellis.serve.internal.controller;

import dev.trellis.serve.DeploymentConfig;
import dev.trellis.serve.internal.spec.ApplicationSpec;
import dev.trellis.serve.internal.spec.DeploymentSpec;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Consumer;

/** Deployment and application specs for controller-state tests, built directly (no planner). */
final class Specs {
    static final String APP = "app";

    /** The class the test deployments "run"; nothing instantiates it. */
    public static final class Model {
        public Model(int size) {
        }
    }

    private Specs() {
    }

    /** Deployment {@code name} of {@link Model} with default options changed by {@code options}. */
    static DeploymentSpec deployment(String name, Consumer<DeploymentConfig.Builder> options, Object... initArgs) {
        var b = DeploymentConfig.defaults().toBuilder();
        options.accept(b);
        return new DeploymentSpec(APP, name, Model.class, null, Arrays.asList(initArgs), b.build());
    }

    static DeploymentSpec deployment(String name, Object... initArgs) {
        return deployment(name, o -> { }, initArgs);
    }

    /** Application {@link #APP} with {@code deployments}, the last one its ingress. */
    static ApplicationSpec application(DeploymentSpec... deployments) {
        var map = new LinkedHashMap<String, DeploymentSpec>();
        for (DeploymentSpec d : deployments) {
            map.put(d.name(), d);
        }
        return new ApplicationSpec(APP, "/", deployments[deployments.length - 1].name(), map);
    }

    static List<String> started(List<ReplicaAction> actions) {
        return idsOf(actions, ReplicaAction.Start.class);
    }

    static List<String> stopped(List<ReplicaAction> actions) {
        return idsOf(actions, ReplicaAction.Stop.class);
    }

    static List<String> killed(List<ReplicaAction> actions) {
        return idsOf(actions, ReplicaAction.Kill.class);
    }

    static List<String> healthChecked(List<ReplicaAction> actions) {
        return idsOf(actions, ReplicaAction.CheckHealth.class);
    }

    static List<String> reconfigured(List<ReplicaAction> actions) {
        return idsOf(actions, ReplicaAction.Reconfigure.class);
    }

    static List<String> idsOf(List<ReplicaAction> actions, Class<? extends ReplicaAction> kind) {
        return actions.stream().filter(kind::isInstance).map(ReplicaAction::replicaId).toList();
    }
}
