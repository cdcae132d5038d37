package dev.trellis.serve.internal.controller;

import dev.trellis.serve.AutoscalingConfig;
import dev.trellis.serve.DeploymentStatus;
import dev.trellis.serve.ReplicaState;
import dev.trellis.serve.ServeStatus;
import dev.trellis.serve.internal.autoscaling.AutoscalingState;
import dev.trellis.serve.internal.autoscaling.ScalingDecision;
import dev.trellis.serve.internal.spec.DeploymentSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Desired and actual state of one deployment, and the logic that moves the second toward the
 * first. Pure: no actors, no threads, time passed in. The controller feeds it events
 * ({@code on*}) and calls {@link #reconcile} every tick, executing the returned actions.
 *
 * <p>Rules: keep {@code num_replicas} live replicas of the current code; a replica starts only
 * when the node's free resources fit it (else it stays PENDING_ALLOCATION and the status says
 * why); constructor failures are retried until {@code maxStartAttempts} in a row, then the
 * deployment is UNHEALTHY and stops retrying until its code changes; RUNNING replicas are
 * health-checked every period, and a failed or crashed replica is replaced; draining replicas
 * that overrun {@code graceful_shutdown_timeout} are killed.
 *
 * <p>Updates. A change of code (class, function, init args, resources: see
 * {@link DeploymentSpec#codeEquals}) rolls the replicas: new ones start in waves of
 * {@code rolling_update_share} of the target beside the old ones, and each time one runs an old
 * RUNNING replica is drained ({@link RollingUpdate}); when new replicas wait for resources that
 * old ones hold, old ones are drained one at a time instead. A new version whose replicas fail to
 * start leaves the old ones serving. Every other change is applied in place, without restarting
 * a replica: settings are always read from the latest target ({@code health_check_*},
 * {@code graceful_shutdown_*}, {@code max_queued_requests}, the replica count and
 * {@code autoscaling_config}), and {@code user_config} and {@code max_ongoing_requests} are sent to
 * running replicas ({@code Reconfigure}). Replicas of the current code adopt each new target, so
 * a replica that has not started yet starts with the latest config.
 *
 * <p>With an {@code autoscaling_config}, the replica count is the target of its
 * {@link AutoscalingState} instead of {@code num_replicas} ({@link #targetReplicas()}): the
 * controller feeds it load reports and calls {@link #autoscale} once per tick; scaling down stops
 * the replicas with the fewest calls in flight (gracefully, through {@code Stop}); a target of 0
 * is a HEALTHY deployment with no replica.
 */
public final class DeploymentState {
    private final ReplicaLedger ledger;
    private final int maxStartAttemptsOverride;
    private final Map<String, ReplicaRecord> replicas = new LinkedHashMap<>();
    private DeploymentSpec target;
    private int nextReplica;
    private int consecutiveStartFailures;
    private boolean startGivenUp;
    private String lastFailure = "";
    private String pendingMessage = "";
    private boolean deleting;
    private boolean everHealthy;
    private long routingVersion;
    private AutoscalingState autoscaling;
    private ScalingDecision lastScaling;
    private boolean autoscalingInProgress;

    /** @param maxStartAttempts constructor attempts in a row before giving up; -1 for Ray's min(20, 3 x num_replicas) */
    public DeploymentState(DeploymentSpec target, ReplicaLedger ledger, int maxStartAttempts) {
        this.target = target;
        this.ledger = ledger;
        this.maxStartAttemptsOverride = maxStartAttempts;
        var autoscalingConfig = target.config().autoscalingConfig();
        if (autoscalingConfig != null) {
            this.autoscaling = AutoscalingState.forNewDeployment(target.applicationName(), target.name(),
                    autoscalingConfig);
        }
    }

    public DeploymentSpec target() {
        return target;
    }

    /** Changes the target. New code resets the failure count; config-only changes are applied in place. */
    public void update(DeploymentSpec newTarget) {
        boolean newCode = !newTarget.codeEquals(target);
        boolean newLimits = newTarget.config().maxOngoingRequests() != target.config().maxOngoingRequests()
                || newTarget.config().maxQueuedRequests() != target.config().maxQueuedRequests();
        String unavailableBefore = unavailableMessage();
        int targetBefore = targetReplicas();
        target = newTarget;
        for (ReplicaRecord r : replicas.values()) {
            if (r.spec.codeEquals(newTarget)) {
                r.spec = newTarget;
            }
        }
        updateAutoscaling(targetBefore);
        deleting = false;
        if (newCode) {
            autoscalingInProgress = false;
            consecutiveStartFailures = 0;
            startGivenUp = false;
            lastFailure = "";
        }
        if (newLimits || !Objects.equals(unavailableBefore, unavailableMessage())) {
            routingVersion++;
        }
    }

    /** Keeps the autoscaler in step with the config: created when autoscaling starts (from the current count), dropped when it ends. */
    private void updateAutoscaling(int targetBefore) {
        var config = target.config().autoscalingConfig();
        if (config == null) {
            autoscaling = null;
            autoscalingInProgress = false;
        } else if (autoscaling == null) {
            autoscaling = new AutoscalingState(target.applicationName(), target.name(), config, targetBefore);
        } else {
            autoscaling.updateConfig(config);
        }
    }

    /**
     * The replica count to keep: the autoscaler's target, or {@code num_replicas} for a
     * fixed-size deployment.
     */
    public int targetReplicas() {
        return autoscaling != null ? autoscaling.targetReplicas() : target.config().numReplicas();
    }

    /** The deployment's autoscaling config, or null when its size is fixed. */
    public AutoscalingConfig autoscalingConfig() {
        return autoscaling == null ? null : autoscaling.config();
    }

    // ---- autoscaling ----

    /** One node's load report for this deployment: calls queued in its router and in flight per replica. */
    public void onLoadReport(String reporter, int queued, Map<String, Integer> inFlight, Instant now) {
        if (autoscaling != null) {
            autoscaling.recordLoad(reporter, queued, inFlight, now);
        }
    }

    /** One autoscaling tick: asks the policy and may change the target; returns the change, or null. */
    public ScalingDecision autoscale(Instant now) {
        if (autoscaling == null || deleting || startGivenUp) {
            return null;
        }
        // Every RUNNING replica serves calls, old code included while a rollout is under way.
        int running = routableReplicas().size();
        return noteScaling(autoscaling.decide(now, running));
    }

    /** A router holds calls and knows no replica: scales up from zero at once; returns the change, or null. */
    public ScalingDecision onRequestsWaiting(Instant now) {
        if (autoscaling == null || deleting) {
            return null;
        }
        return noteScaling(autoscaling.requestsWaiting(now));
    }

    /** Why autoscaling is stuck (its policy throws), or empty. */
    public String autoscalingProblem() {
        return autoscaling == null ? "" : autoscaling.policyError();
    }

    private ScalingDecision noteScaling(ScalingDecision decision) {
        if (decision != null) {
            lastScaling = decision;
            autoscalingInProgress = true;
        }
        return decision;
    }

    public void markDeleting() {
        deleting = true;
        routingVersion++;
    }

    public boolean isDeleting() {
        return deleting;
    }

    /** True once deleting and every replica has stopped. */
    public boolean isGone() {
        return deleting && replicas.isEmpty();
    }

    // ---- events ----

    public void onStarted(String id, Instant now) {
        ReplicaRecord r = replicas.get(id);
        if (r == null || r.state != ReplicaState.STARTING) {
            return;
        }
        r.moveTo(ReplicaState.RUNNING, now);
        r.lastHealthCheck = now;
        r.message = "";
        consecutiveStartFailures = 0;
        routingVersion++;
        noteIfHealthy();
    }

    public void onStartFailed(String id, String message, Instant now) {
        ReplicaRecord r = replicas.remove(id);
        if (r == null) {
            return;
        }
        ledger.release(id);
        if (!r.spec.codeEquals(target)) {
            return;
        }
        consecutiveStartFailures++;
        lastFailure = message;
        if (consecutiveStartFailures >= maxStartAttempts()) {
            startGivenUp = true;
            routingVersion++;
        }
    }

    public void onHealthResult(String id, boolean healthy, String message, Instant now) {
        ReplicaRecord r = replicas.get(id);
        if (r == null) {
            return;
        }
        r.healthCheckInFlight = false;
        r.lastHealthCheck = now;
        if (!healthy && r.state == ReplicaState.RUNNING) {
            markUnhealthy(r, "failed its health check: " + message, now);
        }
    }

    public void onCrashed(String id, String message, Instant now) {
        ReplicaRecord r = replicas.get(id);
        if (r != null && r.state != ReplicaState.STOPPING) {
            r.crashed = true;
            markUnhealthy(r, "crashed: " + message, now);
        }
    }

    /**
     * The failure detector lost the node running the replica: it is replaced at once, as a crashed
     * one is, rather than when the node is downed seconds later; the controller tells its host to
     * stop it, which happens if the node comes back.
     */
    public void onNodeLost(String id, String nodeId, Instant now) {
        ReplicaRecord r = replicas.get(id);
        if (r != null && r.isLive()) {
            r.crashed = true;
            r.nodeLost = true;
            markUnhealthy(r, "is on node " + nodeId + ", which the failure detector lost", now);
        }
    }

    /** The replica's state, or null when it is not one of this deployment's. */
    public ReplicaState stateOf(String id) {
        ReplicaRecord r = replicas.get(id);
        return r == null ? null : r.state;
    }

    public void onReconfigured(String id, boolean ok, String message, com.fasterxml.jackson.databind.JsonNode config,
                               int maxOngoing, Instant now) {
        ReplicaRecord r = replicas.get(id);
        if (r == null) {
            return;
        }
        r.reconfigureInFlight = false;
        if (ok) {
            r.appliedUserConfig = config;
            r.appliedMaxOngoing = maxOngoing;
        } else if (r.state == ReplicaState.RUNNING) {
            markUnhealthy(r, message, now);
        }
    }

    /**
     * The replica reported the multiplexed models it holds. Reports older than one already seen
     * are ignored; a change on a RUNNING replica changes the routing (routers prefer holders).
     */
    public void onMultiplexedModelsChanged(String id, long version, java.util.Set<String> modelIds) {
        ReplicaRecord r = replicas.get(id);
        if (r == null || version <= r.multiplexedModelsVersion) {
            return;
        }
        r.multiplexedModelsVersion = version;
        if (!modelIds.equals(r.multiplexedModelIds)) {
            r.multiplexedModelIds = java.util.Set.copyOf(modelIds);
            if (r.state == ReplicaState.RUNNING) {
                routingVersion++;
            }
        }
    }

    /**
     * The node chosen for a replica could not take it (its resources went to other work since its
     * last report): the replica gives its reservation back and waits to be placed again.
     */
    public void onPlacementRefused(String id, String reason, Instant now) {
        ReplicaRecord r = replicas.get(id);
        if (r == null || r.state != ReplicaState.STARTING) {
            return;
        }
        ledger.release(id);
        r.moveTo(ReplicaState.PENDING_ALLOCATION, now);
        r.message = reason;
    }

    /**
     * Takes over a replica that runs already (a controller that replaced one whose node died finds
     * it on its host): RUNNING when its constructor had finished, else STARTING. {@code spec} is
     * what it runs; one whose code differs from the target is replaced by the usual rolling update.
     * Returns false, adopting nothing, when the replica is known already.
     */
    public boolean adopt(String id, DeploymentSpec spec, boolean started, Instant now) {
        if (replicas.containsKey(id)) {
            return false;
        }
        ReplicaRecord r = new ReplicaRecord(id, spec, now);
        r.moveTo(started ? ReplicaState.RUNNING : ReplicaState.STARTING, now);
        r.lastHealthCheck = now;
        replicas.put(id, r);
        int last = id.lastIndexOf('#');
        try {
            nextReplica = Math.max(nextReplica, Integer.parseInt(id.substring(last + 1)));
        } catch (NumberFormatException e) {
            // not one of ours; its number cannot collide
        }
        if (started) {
            routingVersion++;
        }
        return true;
    }

    /** The replica's actor has terminated (drained, killed, or died on its own). */
    public void onStopped(String id, Instant now) {
        ReplicaRecord r = replicas.remove(id);
        if (r == null) {
            return;
        }
        ledger.release(id);
        if (r.state == ReplicaState.RUNNING) {
            lastFailure = "replica " + id + " stopped unexpectedly";
            routingVersion++;
        }
    }

    private void markUnhealthy(ReplicaRecord r, String why, Instant now) {
        r.moveTo(ReplicaState.UNHEALTHY, now);
        r.message = why;
        lastFailure = "replica " + r.id + " " + why;
        routingVersion++;
    }

    // ---- reconcile ----

    public List<ReplicaAction> reconcile(Instant now) {
        List<ReplicaAction> actions = new ArrayList<>();
        if (deleting) {
            for (ReplicaRecord r : List.copyOf(replicas.values())) {
                stop(r, now, actions);
            }
        } else {
            replaceUnhealthy(now, actions);
            stopOutdated(now, actions);
            scale(now, actions);
            allocatePending(now, actions);
            checkHealth(now, actions);
            reconfigure(actions);
        }
        killOverdue(now, actions);
        noteIfHealthy();
        return actions;
    }

    private void noteIfHealthy() {
        if (status() == DeploymentStatus.HEALTHY) {
            everHealthy = true;
            autoscalingInProgress = false;
        }
    }

    private void replaceUnhealthy(Instant now, List<ReplicaAction> actions) {
        for (ReplicaRecord r : List.copyOf(replicas.values())) {
            if (r.state == ReplicaState.UNHEALTHY) {
                stop(r, now, actions);
            }
        }
    }

    /**
     * Old-code replicas that are not yet running go at once; running ones go while more replicas
     * run than the target ({@link RollingUpdate#oldReplicasToStop}), the least loaded first, or
     * one at a time while new replicas wait for resources the old ones hold (a node that cannot
     * hold both would otherwise never finish the rollout).
     */
    private void stopOutdated(Instant now, List<ReplicaAction> actions) {
        int currentRunning = countRunning(current());
        List<ReplicaRecord> oldRunning = new ArrayList<>();
        for (ReplicaRecord r : List.copyOf(replicas.values())) {
            if (r.isLive() && !r.spec.codeEquals(target)) {
                if (r.state == ReplicaState.RUNNING) {
                    oldRunning.add(r);
                } else {
                    stop(r, now, actions);
                }
            }
        }
        if (oldRunning.isEmpty()) {
            return;
        }
        int toStop = RollingUpdate.oldReplicasToStop(targetReplicas(), currentRunning, oldRunning.size());
        // Decided on the resources free now, not on the last pass's message: a replica that has
        // just stopped may have made room, and stopping another one would be for nothing.
        boolean newBlocked = current().stream().anyMatch(r -> r.state == ReplicaState.PENDING_ALLOCATION
                && !ledger.fitsNow(r.spec.config().resources()));
        boolean oldStopping = replicas.values().stream()
                .anyMatch(r -> r.state == ReplicaState.STOPPING && !r.spec.codeEquals(target));
        if (toStop == 0 && newBlocked && !oldStopping) {
            toStop = 1;
        }
        sortLeastLoadedFirst(oldRunning, now);
        for (ReplicaRecord r : oldRunning.subList(0, toStop)) {
            stop(r, now, actions);
        }
    }

    /**
     * Keeps the target count of current-code replicas: during a roll, one wave more than run
     * now ({@link RollingUpdate#currentReplicasWanted}); above the target, the surplus goes.
     */
    private void scale(Instant now, List<ReplicaAction> actions) {
        List<ReplicaRecord> current = current();
        int count = targetReplicas();
        int want = RollingUpdate.currentReplicasWanted(count, target.config().rollingUpdateShare(),
                countRunning(current), countRunning(outdated()));
        if (current.size() < want && !startGivenUp) {
            for (int i = current.size(); i < want; i++) {
                String id = target.id() + "#" + (++nextReplica);
                replicas.put(id, new ReplicaRecord(id, target, now));
            }
        } else if (current.size() > count) {
            sortLeastLoadedFirst(current, now);
            for (ReplicaRecord r : current.subList(0, current.size() - count)) {
                stop(r, now, actions);
            }
        }
    }

    /** Orders replicas to stop: not yet running first, then by calls in flight (they drain fastest). */
    private void sortLeastLoadedFirst(List<ReplicaRecord> list, Instant now) {
        var load = autoscaling == null ? Map.<String, Integer>of() : autoscaling.latestInFlight(now);
        list.sort(Comparator.comparingInt((ReplicaRecord r) -> r.state.ordinal())
                .thenComparingInt(r -> load.getOrDefault(r.id, 0)));
    }

    private static int countRunning(List<ReplicaRecord> list) {
        return (int) list.stream().filter(r -> r.state == ReplicaState.RUNNING).count();
    }

    private void allocatePending(Instant now, List<ReplicaAction> actions) {
        pendingMessage = "";
        for (ReplicaRecord r : replicas.values()) {
            if (r.state != ReplicaState.PENDING_ALLOCATION) {
                continue;
            }
            if (ledger.tryReserve(r.id, r.spec.config().resources(), r.spec.config().maxReplicasPerNode())) {
                r.moveTo(ReplicaState.STARTING, now);
                r.appliedUserConfig = r.spec.config().userConfig();
                r.appliedMaxOngoing = r.spec.config().maxOngoingRequests();
                actions.add(new ReplicaAction.Start(r.id, r.spec));
            } else {
                long pending = replicas.values().stream().filter(p -> p.state == ReplicaState.PENDING_ALLOCATION).count();
                pendingMessage = "Deployment '" + target.name() + "' has " + pending + " replica(s) pending: each needs "
                        + r.spec.config().resources() + " but " + ledger.shortage(r.spec.config().resources()) + ".";
                r.message = "waiting for resources " + r.spec.config().resources();
                return;
            }
        }
    }

    private void checkHealth(Instant now, List<ReplicaAction> actions) {
        var period = target.config().healthCheckPeriod();
        for (ReplicaRecord r : replicas.values()) {
            if (r.state == ReplicaState.RUNNING && !r.healthCheckInFlight
                    && !now.isBefore(r.lastHealthCheck.plus(period))) {
                r.healthCheckInFlight = true;
                actions.add(new ReplicaAction.CheckHealth(r.id, target.config().healthCheckTimeout()));
            }
        }
    }

    /** RUNNING the current code with the current user_config and limits applied. */
    private boolean isUpToDate(ReplicaRecord r) {
        var config = target.config();
        return r.state == ReplicaState.RUNNING && r.spec.codeEquals(target)
                && Objects.equals(r.appliedUserConfig, config.userConfig())
                && r.appliedMaxOngoing == config.maxOngoingRequests();
    }

    private void reconfigure(List<ReplicaAction> actions) {
        var config = target.config();
        for (ReplicaRecord r : replicas.values()) {
            if (r.state == ReplicaState.RUNNING && !r.reconfigureInFlight && r.spec.codeEquals(target)
                    && !isUpToDate(r)) {
                r.reconfigureInFlight = true;
                actions.add(new ReplicaAction.Reconfigure(r.id, config.userConfig(), config.maxOngoingRequests()));
            }
        }
    }

    /** Drains past the latest {@code graceful_shutdown_timeout} (old-code replicas included) are cut short. */
    private void killOverdue(Instant now, List<ReplicaAction> actions) {
        var timeout = target.config().gracefulShutdownTimeout();
        for (ReplicaRecord r : replicas.values()) {
            if (r.state == ReplicaState.STOPPING && !r.killSent && !now.isBefore(r.since.plus(timeout))) {
                r.killSent = true;
                actions.add(new ReplicaAction.Kill(r.id));
            }
        }
    }

    private void stop(ReplicaRecord r, Instant now, List<ReplicaAction> actions) {
        switch (r.state) {
            case PENDING_ALLOCATION -> {
                replicas.remove(r.id);
                ledger.release(r.id);
            }
            case STOPPING -> {
                // already on its way out
            }
            default -> {
                boolean wasRunning = r.state == ReplicaState.RUNNING;
                boolean crashed = r.crashed;
                r.moveTo(ReplicaState.STOPPING, now);
                if (crashed) {
                    r.killSent = true;
                    actions.add(new ReplicaAction.Kill(r.id));
                } else {
                    actions.add(new ReplicaAction.Stop(r.id, target.config().gracefulShutdownWaitLoop()));
                }
                if (wasRunning) {
                    routingVersion++;
                }
            }
        }
    }

    /** Live replicas of the target's code. */
    private List<ReplicaRecord> current() {
        return live(true);
    }

    /** Live replicas of other code than the target's: what a roll still has to replace. */
    private List<ReplicaRecord> outdated() {
        return live(false);
    }

    private List<ReplicaRecord> live(boolean currentCode) {
        List<ReplicaRecord> out = new ArrayList<>();
        for (ReplicaRecord r : replicas.values()) {
            if (r.isLive() && r.spec.codeEquals(target) == currentCode) {
                out.add(r);
            }
        }
        return out;
    }

    /** The roll's progress, or empty when every replica (draining ones included) runs the target's code. */
    private String rollingMessage() {
        long draining = replicas.values().stream()
                .filter(r -> r.state == ReplicaState.STOPPING && !r.spec.codeEquals(target)).count();
        if (outdated().isEmpty() && draining == 0) {
            return "";
        }
        return RollingUpdate.progress(countRunning(current()), targetReplicas(), (int) draining);
    }

    private int maxStartAttempts() {
        return maxStartAttemptsOverride > 0 ? maxStartAttemptsOverride
                : Math.min(20, 3 * Math.max(1, targetReplicas()));
    }

    // ---- views ----

    /** Increases whenever the set of replicas calls may go to, or the routing limits, change. */
    public long routingVersion() {
        return routingVersion;
    }

    /** Ids of the replicas calls may go to now: the RUNNING ones. */
    public List<String> routableReplicas() {
        List<String> ids = new ArrayList<>();
        for (ReplicaRecord r : replicas.values()) {
            if (r.state == ReplicaState.RUNNING) {
                ids.add(r.id);
            }
        }
        return ids;
    }

    /** The multiplexed model ids replica {@code replicaId} last reported (empty if none or unknown). */
    public java.util.Set<String> multiplexedModelIds(String replicaId) {
        ReplicaRecord r = replicas.get(replicaId);
        return r == null ? java.util.Set.of() : r.multiplexedModelIds;
    }

    /** {@code max_num_models_per_replica} of the code replica {@code replicaId} runs; 0 without a multiplexed loader. */
    public int maxNumModelsPerReplica(String replicaId) {
        ReplicaRecord r = replicas.get(replicaId);
        return r == null ? 0 : dev.trellis.serve.internal.multiplex.MultiplexedLoader.of(r.spec.userClass())
                .map(dev.trellis.serve.internal.multiplex.MultiplexedLoader::maxNumModelsPerReplica).orElse(0);
    }

    /** Why calls cannot be taken at all, or null: deleting, or given up on starting with nothing running. */
    public String unavailableMessage() {
        if (deleting) {
            return "deployment " + target.id() + " is being deleted";
        }
        if (startGivenUp && routableReplicas().isEmpty()) {
            return "deployment " + target.id() + " failed to start: " + lastFailure;
        }
        return null;
    }

    /** True when replicas are waiting for resources that are not free. */
    public boolean isBlockedOnResources() {
        return !pendingMessage.isEmpty();
    }

    public DeploymentStatus status() {
        if (startGivenUp) {
            return DeploymentStatus.UNHEALTHY;
        }
        // A replica on a lost node, stopped already, waits only for the node to be downed: once its
        // replacement runs, the deployment is healthy again.
        var counted = replicas.values().stream().filter(r -> !(r.nodeLost && r.state == ReplicaState.STOPPING)).toList();
        boolean allCurrentRunning = counted.stream().allMatch(this::isUpToDate);
        if (allCurrentRunning && counted.size() == targetReplicas()) {
            return DeploymentStatus.HEALTHY;
        }
        boolean anyUnhealthy = replicas.values().stream().anyMatch(r -> r.state == ReplicaState.UNHEALTHY);
        if (anyUnhealthy && everHealthy) {
            return DeploymentStatus.UNHEALTHY;
        }
        if (autoscalingInProgress && replicas.values().stream().allMatch(r -> r.spec.codeEquals(target))) {
            return lastScaling.isUpscale() ? DeploymentStatus.UPSCALING : DeploymentStatus.DOWNSCALING;
        }
        return DeploymentStatus.UPDATING;
    }

    /** Whether this deployment has reached HEALTHY since it was created (decides UNHEALTHY vs DEPLOY_FAILED). */
    public boolean everHealthy() {
        return everHealthy;
    }

    public String message() {
        if (startGivenUp) {
            return "The deployment failed to start " + consecutiveStartFailures + " time(s) in a row (the constructor"
                    + " or first reconfigure threw); it will not be retried until its code or arguments change."
                    + " Last error: " + lastFailure;
        }
        if (!pendingMessage.isEmpty()) {
            return pendingMessage;
        }
        if (autoscaling != null && !autoscaling.policyError().isEmpty()) {
            return autoscaling.policyError();
        }
        DeploymentStatus status = status();
        if (status == DeploymentStatus.UPSCALING || status == DeploymentStatus.DOWNSCALING) {
            return lastScaling.describe();
        }
        String rolling = rollingMessage();
        if (!rolling.isEmpty()) {
            return lastFailure.isEmpty() ? rolling : rolling + "; last failure: " + lastFailure;
        }
        if (status != DeploymentStatus.HEALTHY && !lastFailure.isEmpty()) {
            return lastFailure;
        }
        return "";
    }

    public ServeStatus.DeploymentOverview overview() {
        var list = new ArrayList<ServeStatus.ReplicaOverview>();
        for (ReplicaRecord r : replicas.values()) {
            list.add(new ServeStatus.ReplicaOverview(r.id, r.state, r.message, ledger.nodeOf(r.id), r.multiplexedModelIds));
        }
        return new ServeStatus.DeploymentOverview(target.name(), status(), message(), targetReplicas(),
                List.copyOf(list));
    }

    /** Spec the replica was started with (for the actor to spawn it). */
    public DeploymentSpec specOf(String replicaId) {
        ReplicaRecord r = replicas.get(replicaId);
        return r == null ? null : r.spec;
    }
}
