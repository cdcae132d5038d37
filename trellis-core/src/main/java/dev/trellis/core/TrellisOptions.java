package dev.trellis.core;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * How {@link Trellis#init(TrellisOptions)} starts this JVM's node.
 *
 * <ul>
 *   <li>Embedded (the default, no {@code address}): a cluster of one node; nothing listens.</li>
 *   <li>{@link #connect(String)}: a driver joining a running cluster at {@code host:port} (the
 *       head's cluster port); it runs no tasks itself and leaves when shut down.</li>
 * </ul>
 *
 * @param resources what this node offers (default: every core, no GPU)
 * @param objectStoreBytes the object store's byte budget before it spills to disk (default: 30%
 *     of the heap's maximum)
 * @param spillDirectory where objects over budget are written (default: a fresh directory under
 *     the system's temporary directory, deleted at shutdown)
 * @param address the cluster to join ({@code host:port}), or null for an embedded node
 * @param host the address this node binds in cluster mode (default 127.0.0.1)
 * @param port this node's cluster port when joining (0: any free port)
 * @param dataPort the port of this node's data channel, which streams big objects to other nodes
 *     (0, the default: any free port); it binds {@code host} too
 * @param clusterKeys the directory of the cluster's shared keys (made by {@code ./trellis
 *     cluster-keys DIR}): nodes then talk TLS with mutual authentication, and only nodes holding
 *     the same keys can join; required to bind a {@code host} other than loopback. Null: plain TCP.
 * @param maxLineageBytes how much of the tasks it owns (their arguments, as estimated) a node keeps
 *     to rebuild lost results (Ray's {@code max_lineage_bytes}, default 1 GiB); over it the oldest
 *     tasks' lineage is dropped, and a result of theirs whose copies are all lost fails with
 *     {@code ObjectLostException} instead of being made again
 */
public record TrellisOptions(Resources resources, long objectStoreBytes, Path spillDirectory, String address,
                             String host, int port, int dataPort, Path clusterKeys, long maxLineageBytes) {
    /** Ray's default {@code max_lineage_bytes}. */
    public static final long DEFAULT_MAX_LINEAGE_BYTES = 1L << 30;

    public TrellisOptions {
        Objects.requireNonNull(resources, "resources");
        Objects.requireNonNull(host, "host");
        if (objectStoreBytes < 1) {
            throw new IllegalArgumentException("object_store_memory must be >= 1 byte, was " + objectStoreBytes);
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0 to 65535, was " + port);
        }
        if (dataPort < 0 || dataPort > 65_535) {
            throw new IllegalArgumentException("data_port must be 0 to 65535, was " + dataPort);
        }
        if (address != null) {
            checkAddress(address);
        }
        if (maxLineageBytes < 0) {
            throw new IllegalArgumentException("max_lineage_bytes must be >= 0 (0: keep no lineage), was "
                    + maxLineageBytes);
        }
    }

    /** The defaults: an embedded node. */
    public static TrellisOptions defaults() {
        return builder().build();
    }

    /** A driver that joins the cluster whose head listens at {@code address} ({@code host:port}). */
    public static TrellisOptions connect(String address) {
        return builder().address(address).resources(Resources.NONE).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Checks a {@code host:port} cluster address; the message names it when wrong. */
    public static String checkAddress(String address) {
        int colon = address == null ? -1 : address.lastIndexOf(':');
        if (colon <= 0 || colon == address.length() - 1) {
            throw new IllegalArgumentException("address must be host:port, was '" + address + "'");
        }
        try {
            int port = Integer.parseInt(address.substring(colon + 1));
            if (port < 1 || port > 65_535) {
                throw new IllegalArgumentException("address port must be 1 to 65535, was '" + address + "'");
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("address must be host:port with a numeric port, was '" + address + "'");
        }
        return address;
    }

    /** Builds {@link TrellisOptions}. */
    public static final class Builder {
        private Resources resources = Resources.ofThisMachine();
        private long objectStoreBytes = Math.max(1, (long) (Runtime.getRuntime().maxMemory() * 0.3));
        private Path spillDirectory;
        private String address;
        private String host = "127.0.0.1";
        private int port;
        private int dataPort;
        private Path clusterKeys;
        private long maxLineageBytes = DEFAULT_MAX_LINEAGE_BYTES;

        Builder() {
        }

        public Builder resources(Resources resources) {
            this.resources = Objects.requireNonNull(resources, "resources");
            return this;
        }

        public Builder numCpus(double cpus) {
            this.resources = new Resources(OptionChecks.amount("num_cpus", cpus), resources.gpus(), resources.custom());
            return this;
        }

        public Builder numGpus(double gpus) {
            this.resources = new Resources(resources.cpus(), OptionChecks.amount("num_gpus", gpus), resources.custom());
            return this;
        }

        public Builder customResources(Map<String, ? extends Number> custom) {
            this.resources = new Resources(resources.cpus(), resources.gpus(), OptionChecks.customResources(custom));
            return this;
        }

        public Builder objectStoreBytes(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("object_store_memory must be >= 1 byte, was " + bytes);
            }
            this.objectStoreBytes = bytes;
            return this;
        }

        public Builder spillDirectory(Path dir) {
            this.spillDirectory = Objects.requireNonNull(dir, "spill_directory");
            return this;
        }

        public Builder address(String address) {
            this.address = checkAddress(address);
            return this;
        }

        public Builder host(String host) {
            this.host = OptionChecks.name("host", host);
            return this;
        }

        public Builder port(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be 0 to 65535, was " + port);
            }
            this.port = port;
            return this;
        }

        /** The port of this node's data channel for big objects (0: any free port). */
        public Builder dataPort(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("data_port must be 0 to 65535, was " + port);
            }
            this.dataPort = port;
            return this;
        }

        /** The directory of the cluster's shared keys ({@code ./trellis cluster-keys DIR}); null for plain TCP. */
        public Builder clusterKeys(Path dir) {
            this.clusterKeys = dir;
            return this;
        }

        /** Ray's {@code max_lineage_bytes}: see {@link TrellisOptions#maxLineageBytes()} (0 keeps none). */
        public Builder maxLineageBytes(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("max_lineage_bytes must be >= 0 (0: keep no lineage), was " + bytes);
            }
            this.maxLineageBytes = bytes;
            return this;
        }

        public TrellisOptions build() {
            return new TrellisOptions(resources, objectStoreBytes, spillDirectory, address, host, port, dataPort,
                    clusterKeys, maxLineageBytes);
        }
    }
}
