package dev.trellis.serve.internal.controller;

import static dev.trellis.serve.internal.controller.Specs.started;

import dev.trellis.core.ManualClock;
import dev.trellis.core.Resources;
import dev.trellis.serve.ReplicaState;
import dev.trellis.serve.internal.spec.DeploymentSpec;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What every {@link DeploymentState} test starts from: a {@link ManualClock} to move time, a node
 * with 8 CPUs (tests that need scarcity replace the ledger before creating states), and helpers
 * that play the controller's part of reporting replicas started.
 */
abstract class DeploymentStateTestSupport {
    static final int MAX_START_ATTEMPTS = 3;

    final ManualClock clock = new ManualClock();
    ResourceLedger ledger = new ResourceLedger(Resources.of(8, 0));

    DeploymentState state(DeploymentSpec spec) {
        return new DeploymentState(spec, ledger, MAX_START_ATTEMPTS);
    }

    /** Reconciles and reports every started replica as started; returns their ids. */
    List<String> startAll(DeploymentState d) {
        var ids = started(d.reconcile(now()));
        ids.forEach(id -> d.onStarted(id, now()));
        return ids;
    }

    Instant now() {
        return clock.instant();
    }

    static Map<String, ReplicaState> replicaStates(DeploymentState d) {
        var map = new LinkedHashMap<String, ReplicaState>();
        d.overview().replicas().forEach(r -> map.put(r.replicaId(), r.state()));
        return map;
    }
}
