package dev.trellis.serve.internal.metrics;

import dev.trellis.serve.ReplicaState;
import dev.trellis.serve.ServeStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The controller's meters: control-loop pass duration, applications and deployments, and per
 * deployment its target and running replica counts, replica starts and each replica's health.
 *
 * <p>The controller reports what it holds once per tick ({@link #observe} for every deployment,
 * then {@link #observed}); gauges read values stored here, so a scrape never touches the
 * controller's state. Meters of a deployment or replica that was not reported in a pass are
 * removed from the registry. Only the controller's actor thread calls the methods (not
 * thread-safe for several writers); scrapes may read at any time.
 */
public final class ControllerMetrics {
    public static final String LOOP_DURATION = "trellis.serve.controller.control.loop.duration";
    public static final String APPLICATIONS = "trellis.serve.num.applications";
    public static final String DEPLOYMENTS = "trellis.serve.num.deployments";
    public static final String TARGET_REPLICAS = "trellis.serve.autoscaling.target.replicas";
    public static final String CURRENT_REPLICAS = "trellis.serve.autoscaling.current.replicas";
    public static final String REPLICA_STARTS = "trellis.serve.deployment.replica.starts";
    public static final String REPLICA_HEALTHY = "trellis.serve.deployment.replica.healthy";

    private final MeterRegistry registry;
    private final Timer loop;
    private final AtomicInteger applications = new AtomicInteger();
    private final AtomicInteger deploymentCount = new AtomicInteger();
    private final Map<String, DeploymentMeters> deployments = new HashMap<>();
    private final Map<String, ReplicaMeter> replicas = new HashMap<>();
    private final Set<String> seenDeployments = new HashSet<>();
    private final Set<String> seenReplicas = new HashSet<>();

    public ControllerMetrics(ServeMetrics metrics) {
        this.registry = metrics.registry();
        this.loop = LatencyBuckets.timer(LOOP_DURATION)
                .description("Time one pass of the controller's reconcile loop took").register(registry);
        Gauge.builder(APPLICATIONS, applications::get).description("Applications the controller holds")
                .register(registry);
        Gauge.builder(DEPLOYMENTS, deploymentCount::get).description("Deployments the controller holds")
                .register(registry);
    }

    /** One pass of the control loop took {@code nanos}. */
    public void loopPassed(long nanos) {
        loop.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** A replica of the deployment finished starting (its constructor returned). */
    public void replicaStarted(String application, String deployment) {
        deployment(application, deployment).starts.increment();
    }

    /** One deployment's state in this pass: the replicas it aims for, those RUNNING, and every replica's state. */
    public void observe(String application, String deployment, int target, int running,
                        List<ServeStatus.ReplicaOverview> replicaStates) {
        DeploymentMeters d = deployment(application, deployment);
        seenDeployments.add(d.key);
        d.target.set(target);
        d.running.set(running);
        for (ServeStatus.ReplicaOverview r : replicaStates) {
            seenReplicas.add(r.replicaId());
            replicas.computeIfAbsent(r.replicaId(), id -> new ReplicaMeter(d.tags.and("replica", id)))
                    .healthy.set(r.state() == ReplicaState.RUNNING ? 1 : 0);
        }
    }

    /** Ends a pass: {@code applicationCount} applications; meters of what was not observed are removed. */
    public void observed(int applicationCount) {
        applications.set(applicationCount);
        deploymentCount.set(seenDeployments.size());
        for (Iterator<DeploymentMeters> it = deployments.values().iterator(); it.hasNext(); ) {
            DeploymentMeters d = it.next();
            if (!seenDeployments.contains(d.key)) {
                d.remove();
                it.remove();
            }
        }
        for (Iterator<Map.Entry<String, ReplicaMeter>> it = replicas.entrySet().iterator(); it.hasNext(); ) {
            var entry = it.next();
            if (!seenReplicas.contains(entry.getKey())) {
                registry.remove(entry.getValue().gauge);
                it.remove();
            }
        }
        seenDeployments.clear();
        seenReplicas.clear();
    }

    private DeploymentMeters deployment(String application, String deployment) {
        String key = application + "#" + deployment;
        return deployments.computeIfAbsent(key, k -> new DeploymentMeters(k, application, deployment));
    }

    private final class DeploymentMeters {
        final String key;
        final Tags tags;
        final AtomicInteger target = new AtomicInteger();
        final AtomicInteger running = new AtomicInteger();
        final Gauge targetGauge;
        final Gauge runningGauge;
        final Counter starts;

        DeploymentMeters(String key, String application, String deployment) {
            this.key = key;
            this.tags = Tags.of("application", application, "deployment", deployment);
            this.targetGauge = Gauge.builder(TARGET_REPLICAS, target::get).tags(tags)
                    .description("Replicas the deployment aims for: the autoscaler's target, or num_replicas")
                    .register(registry);
            this.runningGauge = Gauge.builder(CURRENT_REPLICAS, running::get).tags(tags)
                    .description("Replicas of the deployment that are RUNNING").register(registry);
            this.starts = Counter.builder(REPLICA_STARTS).tags(tags)
                    .description("Replicas of the deployment that started (constructor returned)").register(registry);
        }

        void remove() {
            registry.remove(targetGauge);
            registry.remove(runningGauge);
            registry.remove(starts);
        }
    }

    private final class ReplicaMeter {
        final AtomicInteger healthy = new AtomicInteger();
        final Gauge gauge;

        ReplicaMeter(Tags tags) {
            this.gauge = Gauge.builder(REPLICA_HEALTHY, healthy::get).tags(tags)
                    .description("1 while the replica is RUNNING (healthy), else 0 (starting, unhealthy, stopping)")
                    .register(registry);
        }
    }
}
