package dev.trellis.core.internal.cluster;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How one node takes part in a Trellis cluster. Every setting is checked when the options are
 * built, and a refusal names the setting and the value.
 *
 * @param nodeId unique in the cluster; letters, digits, '.', '_' and '-' (default: 12 random hex digits)
 * @param role {@code head} (seeds the cluster when no seed is given), {@code worker} or {@code driver}
 *     (a member like any other that never hosts the directory)
 * @param host the address this node binds and is reached at (default 127.0.0.1); a host that is
 *     not loopback is refused unless {@code tls} is set
 * @param port the one TCP port peers connect to (default 0: any free port); between nodes a
 *     firewall must let this port through, nothing else is opened
 * @param seed {@code host:port} of a node already in the cluster (usually the head); null for a
 *     head that starts a new cluster
 * @param stableAfter how long membership must be stable before the split brain resolver (keep
 *     majority) downs unreachable nodes (default 7 s); also the margin before a downed node's
 *     directory starts elsewhere
 * @param acceptableHeartbeatPause how long heartbeats may be missing before the failure detector
 *     suspects a node (default 3 s)
 * @param heartbeatInterval how often the failure detector heartbeats and each node reports to the
 *     directory (default 1 s)
 * @param directoryTimeout how long a name registration or lookup waits for the directory (default 5 s)
 * @param leaveTimeout how long {@code close()} waits for the node to be removed after leaving (default 10 s)
 * @param tls Artery TLS with mutual authentication; null for plain TCP (loopback only)
 */
public record ClusterOptions(String nodeId, String role, String host, int port, String seed,
                             Duration stableAfter, Duration acceptableHeartbeatPause, Duration heartbeatInterval,
                             Duration directoryTimeout, Duration leaveTimeout, TlsOptions tls) {
    /** The role of the node that starts the cluster. */
    public static final String HEAD = "head";
    /** The role of a node that runs tasks and actors. */
    public static final String WORKER = "worker";
    /** The role of a driver program's node: never hosts the directory. */
    public static final String DRIVER = "driver";

    /** The default of {@link #stableAfter}. */
    public static final Duration DEFAULT_STABLE_AFTER = Duration.ofSeconds(7);
    /** The default of {@link #acceptableHeartbeatPause}. */
    public static final Duration DEFAULT_ACCEPTABLE_HEARTBEAT_PAUSE = Duration.ofSeconds(3);
    /** The default of {@link #heartbeatInterval}. */
    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(1);

    private static final Set<String> ROLES = Set.of(HEAD, WORKER, DRIVER);
    private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final SecureRandom RANDOM = new SecureRandom();

    public ClusterOptions {
        if (nodeId == null || !NODE_ID.matcher(nodeId).matches()) {
            throw new IllegalArgumentException("cluster.node-id must be 1 to 64 letters, digits, '.', '_' or '-', was '"
                    + nodeId + "'");
        }
        if (role == null || !ROLES.contains(role)) {
            throw new IllegalArgumentException("cluster.role must be head, worker or driver, was '" + role + "'");
        }
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("cluster.host must be set, was '" + host + "'");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("cluster.port must be between 0 and 65535, was " + port);
        }
        if (seed != null) {
            parseSeed(seed);
        } else if (!HEAD.equals(role)) {
            throw new IllegalArgumentException("cluster.seed (host:port of the head) is required for role '" + role
                    + "', was null");
        }
        requirePositive("cluster.stable-after", stableAfter);
        requirePositive("cluster.acceptable-heartbeat-pause", acceptableHeartbeatPause);
        requirePositive("cluster.heartbeat-interval", heartbeatInterval);
        requirePositive("cluster.directory-timeout", directoryTimeout);
        requirePositive("cluster.leave-timeout", leaveTimeout);
        if (tls == null && !isLoopback(host)) {
            throw new IllegalArgumentException("cluster.host '" + host + "' is not a loopback address: binding it "
                    + "would let anyone on the network join this cluster; configure cluster.tls (key store and "
                    + "trust store, mutual authentication) or bind 127.0.0.1");
        }
    }

    /** A builder with every default set. */
    public static Builder builder() {
        return new Builder();
    }

    /** The seed's host; null when there is no seed. */
    public String seedHost() {
        return seed == null ? null : parseSeed(seed).host();
    }

    /** The seed's port; 0 when there is no seed. */
    public int seedPort() {
        return seed == null ? 0 : parseSeed(seed).port();
    }

    /** True for nodes that may host the directory (every role but driver). */
    public boolean hostsDirectory() {
        return !DRIVER.equals(role);
    }

    private record HostPort(String host, int port) {
    }

    private static HostPort parseSeed(String seed) {
        int colon = seed.lastIndexOf(':');
        String host = colon > 0 ? seed.substring(0, colon) : "";
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = colon > 0 ? Integer.parseInt(seed.substring(colon + 1)) : -1;
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (host.isBlank() || port < 1 || port > 65_535) {
            throw new IllegalArgumentException("cluster.seed must be host:port with a port from 1 to 65535, was '"
                    + seed + "'");
        }
        return new HostPort(host, port);
    }

    private static void requirePositive(String setting, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(setting + " must be a positive duration, was " + value);
        }
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("cluster.host '" + host + "' does not resolve: " + e.getMessage(), e);
        }
    }

    static String newNodeId() {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** Builds {@link ClusterOptions}; every setting starts at its default. */
    public static final class Builder {
        private String nodeId;
        private String role = HEAD;
        private String host = "127.0.0.1";
        private int port;
        private String seed;
        private Duration stableAfter = DEFAULT_STABLE_AFTER;
        private Duration acceptableHeartbeatPause = DEFAULT_ACCEPTABLE_HEARTBEAT_PAUSE;
        private Duration heartbeatInterval = DEFAULT_HEARTBEAT_INTERVAL;
        private Duration directoryTimeout = Duration.ofSeconds(5);
        private Duration leaveTimeout = Duration.ofSeconds(10);
        private TlsOptions tls;

        private Builder() {
        }

        public Builder nodeId(String nodeId) {
            this.nodeId = nodeId;
            return this;
        }

        public Builder role(String role) {
            this.role = role;
            return this;
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder seed(String seed) {
            this.seed = seed;
            return this;
        }

        public Builder stableAfter(Duration stableAfter) {
            this.stableAfter = stableAfter;
            return this;
        }

        public Builder acceptableHeartbeatPause(Duration pause) {
            this.acceptableHeartbeatPause = pause;
            return this;
        }

        public Builder heartbeatInterval(Duration interval) {
            this.heartbeatInterval = interval;
            return this;
        }

        public Builder directoryTimeout(Duration timeout) {
            this.directoryTimeout = timeout;
            return this;
        }

        public Builder leaveTimeout(Duration timeout) {
            this.leaveTimeout = timeout;
            return this;
        }

        public Builder tls(TlsOptions tls) {
            this.tls = tls;
            return this;
        }

        /** The options; a generated node id when none was given. */
        public ClusterOptions build() {
            return new ClusterOptions(nodeId == null ? newNodeId() : nodeId, role,
                    host, port, seed, stableAfter, acceptableHeartbeatPause, heartbeatInterval, directoryTimeout,
                    leaveTimeout, tls);
        }
    }
}
