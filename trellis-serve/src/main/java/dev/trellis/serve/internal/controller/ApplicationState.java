package dev.trellis.serve.internal.controller;

import dev.trellis.serve.ApplicationStatus;
import dev.trellis.serve.DeploymentStatus;
import dev.trellis.serve.ServeStatus;
import dev.trellis.serve.internal.spec.ApplicationSpec;
import dev.trellis.serve.internal.spec.DeploymentSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * One application: its spec and a {@link DeploymentState} per deployment, including
 * deployments dropped by the latest update that are still draining. Pure and single-owner.
 */
public final class ApplicationState {
    private final Map<String, DeploymentState> deployments = new LinkedHashMap<>();
    private final ReplicaLedger ledger;
    private final int maxStartAttempts;
    private ApplicationSpec spec;
    private boolean deleting;

    public ApplicationState(ApplicationSpec spec, ReplicaLedger ledger, int maxStartAttempts) {
        this.ledger = ledger;
        this.maxStartAttempts = maxStartAttempts;
        update(spec);
    }

    public ApplicationSpec spec() {
        return spec;
    }

    /** Applies a new spec: new deployments are added, changed ones updated, missing ones deleted. */
    public void update(ApplicationSpec newSpec) {
        spec = newSpec;
        deleting = false;
        for (DeploymentSpec d : newSpec.deployments().values()) {
            DeploymentState existing = deployments.get(d.name());
            if (existing == null) {
                deployments.put(d.name(), new DeploymentState(d, ledger, maxStartAttempts));
            } else {
                existing.update(d);
            }
        }
        for (var e : deployments.entrySet()) {
            if (!newSpec.deployments().containsKey(e.getKey())) {
                e.getValue().markDeleting();
            }
        }
    }

    public void markDeleting() {
        deleting = true;
        deployments.values().forEach(DeploymentState::markDeleting);
    }

    public boolean isDeleting() {
        return deleting;
    }

    public Map<String, DeploymentState> deployments() {
        return deployments;
    }

    /** Drops deployments that finished deleting; true when the whole application is gone. */
    public boolean removeStopped() {
        deployments.values().removeIf(DeploymentState::isGone);
        return deleting && deployments.isEmpty();
    }

    public ApplicationStatus status() {
        if (deleting) {
            return ApplicationStatus.DELETING;
        }
        boolean allHealthy = true;
        for (DeploymentState d : active()) {
            DeploymentStatus s = d.status();
            if (s == DeploymentStatus.UNHEALTHY) {
                return d.everHealthy() ? ApplicationStatus.UNHEALTHY : ApplicationStatus.DEPLOY_FAILED;
            }
            // As in Ray, a deployment the autoscaler is resizing still counts as running.
            allHealthy &= s == DeploymentStatus.HEALTHY || s == DeploymentStatus.UPSCALING
                    || s == DeploymentStatus.DOWNSCALING;
        }
        return allHealthy ? ApplicationStatus.RUNNING : ApplicationStatus.DEPLOYING;
    }

    public String message() {
        var joiner = new StringJoiner("\n");
        for (DeploymentState d : active()) {
            if (!d.message().isEmpty()) {
                joiner.add(d.target().name() + ": " + d.message());
            }
        }
        return joiner.toString();
    }

    /** True when some deployment waits for resources the node does not have free. */
    public boolean isBlockedOnResources() {
        return active().stream().anyMatch(DeploymentState::isBlockedOnResources);
    }

    public ServeStatus.ApplicationOverview overview() {
        var map = new LinkedHashMap<String, ServeStatus.DeploymentOverview>();
        for (DeploymentState d : active()) {
            map.put(d.target().name(), d.overview());
        }
        return new ServeStatus.ApplicationOverview(spec.name(), spec.routePrefix(), status(), message(),
                spec.ingressName(), java.util.Collections.unmodifiableMap(map));
    }

    private java.util.List<DeploymentState> active() {
        return deployments.values().stream().filter(d -> deleting || !d.isDeleting()).toList();
    }
}
