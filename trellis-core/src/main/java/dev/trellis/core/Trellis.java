package dev.trellis.core;

import dev.trellis.core.internal.runtime.CoreRuntimes;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Trellis Core, Ray Core's programming model for Java: remote tasks, actors and object refs,
 * in one JVM or across a cluster of JVMs, with the same code either way.
 *
 * <pre>{@code
 * Trellis.init();
 * ObjectRef<Integer> four = Trellis.task(Fns::square, 2).remote();
 * ActorHandle<Counter> counter = Trellis.actor(Counter::new, 0).remote();
 * counter.task(Counter::add, four).remote().get();   // the ref is resolved before add runs
 * Trellis.shutdown();
 * }</pre>
 *
 * <p>{@code init()} with no options joins the cluster named by the environment variable
 * {@code TRELLIS_ADDRESS} when it is set, and otherwise starts an embedded node.
 */
public final class Trellis extends TrellisCalls {
    /** The environment variable naming a cluster to join ({@code host:port}). */
    public static final String ADDRESS_ENV = "TRELLIS_ADDRESS";

    private Trellis() {
    }

    /** The environment variable naming the directory of the cluster's shared keys (TLS). */
    public static final String CLUSTER_KEYS_ENV = "TRELLIS_CLUSTER_KEYS";

    /**
     * Starts this JVM's node: joins {@code TRELLIS_ADDRESS} if set (with the keys in
     * {@code TRELLIS_CLUSTER_KEYS} when that is set), else an embedded node.
     */
    public static void init() {
        String address = System.getenv(ADDRESS_ENV);
        if (address == null || address.isBlank()) {
            init(TrellisOptions.defaults());
            return;
        }
        String keys = System.getenv(CLUSTER_KEYS_ENV);
        var options = TrellisOptions.builder().address(address.trim()).resources(Resources.NONE);
        if (keys != null && !keys.isBlank()) {
            options.clusterKeys(java.nio.file.Path.of(keys.trim()));
        }
        init(options.build());
    }

    /**
     * Starts this JVM's node with {@code options}.
     *
     * @throws IllegalStateException if Trellis is already initialized in this JVM
     */
    public static void init(TrellisOptions options) {
        CoreRuntimes.start(Objects.requireNonNull(options, "options"));
    }

    /** Whether {@link #init} has run (and {@link #shutdown} has not since). */
    public static boolean isInitialized() {
        return CoreRuntimes.isStarted();
    }

    /** Stops this JVM's node: its actors are killed and its objects freed. Does nothing when not initialized. */
    public static void shutdown() {
        CoreRuntimes.stop();
    }

    /** Stores {@code value} (which must not change afterwards) and returns a ref to it. */
    public static <T> ObjectRef<T> put(T value) {
        return CoreRuntimes.current().put(value);
    }

    /** The values of {@code refs}, in order, waiting for each. */
    public static <T> List<T> get(List<ObjectRef<T>> refs) {
        var out = new ArrayList<T>(refs.size());
        for (ObjectRef<T> ref : refs) {
            out.add(ref.get());
        }
        return out;
    }

    /**
     * The values of {@code refs}, in order, waiting at most {@code timeout} in all.
     *
     * @throws GetTimeoutException if some value is not ready in time
     */
    public static <T> List<T> get(List<ObjectRef<T>> refs, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        var out = new ArrayList<T>(refs.size());
        for (ObjectRef<T> ref : refs) {
            out.add(ref.get(Duration.ofNanos(Math.max(0, deadline - System.nanoTime()))));
        }
        return out;
    }

    /**
     * Waits until {@code numReturns} of {@code refs} are ready (or failed), or {@code timeout}
     * passes; returns the ready ones (at most {@code numReturns}, in the order given) and the rest.
     */
    public static <T> WaitResult<T> wait(List<ObjectRef<T>> refs, int numReturns, Duration timeout) {
        if (numReturns < 0 || numReturns > refs.size()) {
            throw new IllegalArgumentException("num_returns must be 0 to " + refs.size()
                    + " (the number of refs), was " + numReturns);
        }
        return CoreRuntimes.current().await(refs, numReturns, Objects.requireNonNull(timeout, "timeout"));
    }

    /** Waits for the first of {@code refs} to be ready, however long it takes. */
    public static <T> WaitResult<T> wait(List<ObjectRef<T>> refs) {
        return wait(refs, Math.min(1, refs.size()), Duration.ofDays(365));
    }

    /** The live actor named {@code name}, if there is one. */
    public static <A> Optional<ActorHandle<A>> getActor(String name, Class<A> type) {
        return CoreRuntimes.current().getActor(OptionChecks.name("name", name), Objects.requireNonNull(type, "type"));
    }

    /** Kills the actor without restarting it; its pending and future calls fail with {@link ActorDiedException}. */
    public static void kill(ActorHandle<?> actor) {
        kill(actor, true);
    }

    /** Kills the actor; with {@code noRestart} false it is restarted if it has restarts left. */
    public static void kill(ActorHandle<?> actor, boolean noRestart) {
        CoreRuntimes.current().kill(Objects.requireNonNull(actor, "actor"), noRestart);
    }

    /**
     * Reserves {@code bundles} of resources together under {@code strategy} (Ray's
     * {@code placement_group}), e.g. {@code placementGroup(List.of(Map.of("CPU", 1), Map.of("CPU", 1)),
     * PlacementStrategy.STRICT_SPREAD)}. Returns at once; {@link PlacementGroup#ready()} tells when
     * every bundle is reserved. Keys are {@code CPU}, {@code GPU} and custom resource names.
     *
     * @throws IllegalArgumentException naming the bundle and key that is wrong
     */
    public static PlacementGroup placementGroup(List<? extends Map<String, ? extends Number>> bundles,
                                                PlacementStrategy strategy) {
        return placementGroup(bundles, strategy, null);
    }

    /**
     * As {@link #placementGroup(List, PlacementStrategy)}, with a name shown in status and errors,
     * by which any node finds the group ({@link #getPlacementGroup}).
     *
     * @throws IllegalArgumentException also if a live group already has that name
     */
    public static PlacementGroup placementGroup(List<? extends Map<String, ? extends Number>> bundles,
                                                PlacementStrategy strategy, String name) {
        Objects.requireNonNull(bundles, "bundles");
        Objects.requireNonNull(strategy, "strategy");
        if (bundles.isEmpty()) {
            throw new IllegalArgumentException("a placement group needs at least one bundle, was []");
        }
        var parsed = new ArrayList<Resources>();
        for (int i = 0; i < bundles.size(); i++) {
            parsed.add(bundle(i, bundles.get(i)));
        }
        return CoreRuntimes.current().createPlacementGroup(parsed, strategy,
                name == null ? null : OptionChecks.name("name", name));
    }

    private static Resources bundle(int index, Map<String, ? extends Number> bundle) {
        if (bundle == null || bundle.isEmpty()) {
            throw new IllegalArgumentException("bundle " + index + " of the placement group asks for no resources: "
                    + bundle);
        }
        double cpus = 0;
        double gpus = 0;
        var custom = new java.util.TreeMap<String, Number>();
        for (var e : bundle.entrySet()) {
            String option = "bundle " + index + " " + e.getKey();
            if (e.getValue() == null) {
                throw new IllegalArgumentException(option + " must be a number, was null");
            }
            switch (e.getKey()) {
                case "CPU" -> cpus = OptionChecks.amount(option, e.getValue().doubleValue());
                case "GPU" -> gpus = OptionChecks.amount(option, e.getValue().doubleValue());
                default -> custom.put(e.getKey(), e.getValue());
            }
        }
        try {
            return new Resources(cpus, gpus, OptionChecks.customResources(custom));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bundle " + index + ": " + e.getMessage(), e);
        }
    }

    /**
     * Frees the group's bundles: work waiting in them fails, actors in them die, running tasks
     * finish. Works from any node: a group created elsewhere is removed by its creator.
     *
     * @throws IllegalArgumentException if the group was already removed
     */
    public static void removePlacementGroup(PlacementGroup group) {
        CoreRuntimes.current().removePlacementGroup(Objects.requireNonNull(group, "group"));
    }

    /**
     * The placement group named {@code name} (Ray's {@code ray.util.get_placement_group}), created
     * on any node of the cluster; empty if no live group has that name.
     */
    public static Optional<PlacementGroup> getPlacementGroup(String name) {
        return CoreRuntimes.current().getPlacementGroup(OptionChecks.name("name", name));
    }

    /**
     * Every placement group of the cluster, pending, created or recently removed (Ray's
     * {@code placement_group_table}), grouped by creator node in creation order. Groups of other
     * nodes are as their last report (at most about a second old) says.
     */
    public static List<PlacementGroupInfo> placementGroups() {
        return CoreRuntimes.current().placementGroupTable();
    }

    /** The nodes of the cluster (one in embedded mode), with their resources and what runs there. */
    public static List<NodeInfo> nodes() {
        return CoreRuntimes.current().nodes();
    }

    /**
     * Records this JVM's node metrics ({@code trellis_core_*}: tasks, actors, the object store,
     * spills, transfers; docs/core.md lists them) in {@code registry}, tagged {@code node_id}.
     * The binding follows the node: it covers the node running now, if any, and every node
     * {@link #init} starts later, each from its start; a node's meters leave the registry when it
     * shuts down. Close the binding to stop (before closing the registry). Serve binds its own
     * registry this way, so its {@code /metrics} includes these; may be called before {@link #init}.
     */
    public static MetricsBinding bindMetrics(MeterRegistry registry) {
        return CoreRuntimes.bindMetrics(registry);
    }

    /** This JVM's node id. */
    public static String nodeId() {
        return CoreRuntimes.current().nodeId();
    }
}
