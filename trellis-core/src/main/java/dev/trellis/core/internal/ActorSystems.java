package dev.trellis.core.internal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.trellis.core.internal.cluster.ClusterOptions;
import dev.trellis.core.internal.cluster.ClusterRoles;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;

/**
 * Creates Trellis actor systems. Embedded mode uses Pekko's local provider: no network ports
 * are opened. Cluster mode uses Pekko Cluster over Artery TCP (or TLS) with the split brain
 * resolver; actors are the same in both.
 */
public final class ActorSystems {
    /** The one system name of every node of a Trellis cluster: Pekko only joins systems of the same name. */
    public static final String CLUSTER_SYSTEM_NAME = "trellis";

    /** The largest message Artery carries (object chunks are 1 MiB; this leaves room for the envelope). */
    public static final int MAXIMUM_FRAME_BYTES = 2 * 1024 * 1024;

    private static final String REGISTRIES = "trellis.serialization.registries";

    private ActorSystems() {
    }

    /**
     * An embedded system running {@code guardian}.
     *
     * @param serializeMessages when true every message is round-tripped through its serializer
     *     (Pekko's {@code serialize-messages}), proving it could cross a node boundary
     */
    public static <T> ActorSystem<T> embedded(Behavior<T> guardian, String name, boolean serializeMessages,
                                              Config overrides) {
        Config config = overrides
                .withFallback(ConfigFactory.parseMap(Map.of(
                        "pekko.actor.serialize-messages", serializeMessages ? "on" : "off",
                        "pekko.actor.provider", "local")))
                .withFallback(ConfigFactory.load());
        return ActorSystem.create(guardian, name, config);
    }

    /**
     * A cluster member running {@code guardian}, bound to {@code options}' host and port. It does
     * not join anything yet: {@code ClusterPeers} joins the seed (or itself, for a head).
     * Settings in {@code overrides} win over the ones derived from {@code options}, except
     * {@code trellis.serialization.registries}, which is appended to the default list rather than
     * replacing it (the cluster's own messages must stay registered).
     *
     * @param name must be {@link #CLUSTER_SYSTEM_NAME} on every node of one cluster
     */
    public static <T> ActorSystem<T> cluster(Behavior<T> guardian, String name, ClusterOptions options,
                                             Config overrides) {
        Config defaults = ConfigFactory.load();
        Config config = ConfigFactory.parseMap(Map.of(REGISTRIES, registries(defaults, overrides)))
                .withFallback(overrides)
                .withFallback(ConfigFactory.parseMap(clusterSettings(options)))
                .withFallback(defaults);
        return ActorSystem.create(guardian, name, config);
    }

    private static List<String> registries(Config defaults, Config overrides) {
        var list = new ArrayList<>(defaults.getStringList(REGISTRIES));
        if (overrides.hasPath(REGISTRIES)) {
            overrides.getStringList(REGISTRIES).stream().filter(r -> !list.contains(r)).forEach(list::add);
        }
        return list;
    }

    private static Map<String, Object> clusterSettings(ClusterOptions options) {
        var settings = new HashMap<String, Object>();
        settings.put("pekko.actor.provider", "cluster");
        settings.put("pekko.actor.serialize-messages", "off");
        settings.put("pekko.remote.artery.enabled", "on");
        settings.put("pekko.remote.artery.transport", options.tls() == null ? "tcp" : "tls-tcp");
        settings.put("pekko.remote.artery.canonical.hostname", options.host());
        settings.put("pekko.remote.artery.canonical.port", options.port());
        settings.put("pekko.remote.artery.advanced.maximum-frame-size", MAXIMUM_FRAME_BYTES + "b");
        // Buffers are frame-sized and pooled: 32 of 2 MiB keeps at most 64 MiB of direct memory idle.
        settings.put("pekko.remote.artery.advanced.buffer-pool-size", 32);
        settings.put("pekko.cluster.roles", ClusterRoles.roles(options));
        settings.put("pekko.cluster.seed-nodes", List.of());
        settings.put("pekko.cluster.jmx.enabled", "off");
        settings.put("pekko.cluster.downing-provider-class", "org.apache.pekko.cluster.sbr.SplitBrainResolverProvider");
        settings.put("pekko.cluster.split-brain-resolver.active-strategy", "keep-majority");
        settings.put("pekko.cluster.split-brain-resolver.stable-after", millis(options.stableAfter()));
        settings.put("pekko.cluster.failure-detector.acceptable-heartbeat-pause",
                millis(options.acceptableHeartbeatPause()));
        settings.put("pekko.cluster.failure-detector.heartbeat-interval", millis(options.heartbeatInterval()));
        if (options.tls() != null) {
            var tls = options.tls();
            String engine = "pekko.remote.artery.ssl.config-ssl-engine.";
            settings.put(engine + "key-store", tls.keyStore().toAbsolutePath().toString());
            settings.put(engine + "key-store-password", tls.keyStorePassword());
            settings.put(engine + "key-password", tls.keyPassword());
            settings.put(engine + "trust-store", tls.trustStore().toAbsolutePath().toString());
            settings.put(engine + "trust-store-password", tls.trustStorePassword());
            settings.put(engine + "require-mutual-authentication", "on");
            settings.put(engine + "protocol", "TLSv1.3");
        }
        return settings;
    }

    private static String millis(Duration duration) {
        return duration.toMillis() + "ms";
    }
}
