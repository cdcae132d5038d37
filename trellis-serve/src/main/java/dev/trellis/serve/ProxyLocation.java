package dev.trellis.serve;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Where HTTP proxies run on a cluster, Ray's {@code proxy_location}: on every node (the default;
 * any node's proxy serves every application), on the head only, or nowhere (applications are
 * called through handles only). On one JVM the head is the only node, so {@code HeadOnly} and
 * {@code EveryNode} both run its proxy. Fixed when the nodes start ({@code trellis start
 * --proxy-location}); a config whose {@code proxy_location} differs is refused, as one whose
 * {@code http_options} differ is.
 */
public enum ProxyLocation {
    EVERY_NODE("EveryNode"),
    HEAD_ONLY("HeadOnly"),
    DISABLED("Disabled");

    private final String configName;

    ProxyLocation(String configName) {
        this.configName = configName;
    }

    /** The name in a config file and on the command line: {@code EveryNode}, {@code HeadOnly}, {@code Disabled}. */
    public String configName() {
        return configName;
    }

    /** Whether a node of {@code role} ({@code head}, {@code worker}, ...) runs a proxy. */
    public boolean runsProxyOn(String role) {
        return switch (this) {
            case EVERY_NODE -> true;
            case HEAD_ONLY -> role.equals("head") || role.equals("embedded");
            case DISABLED -> false;
        };
    }

    /**
     * The location named {@code value} (as Ray writes it: {@code EveryNode}, {@code HeadOnly},
     * {@code Disabled}); {@code setting} names where it came from in the error.
     */
    public static ProxyLocation parse(String setting, String value) {
        for (ProxyLocation l : values()) {
            if (l.configName.equals(value)) {
                return l;
            }
        }
        throw new IllegalArgumentException(setting + " must be one of " + names() + ", was '" + value + "'");
    }

    /** "EveryNode, HeadOnly, Disabled". */
    public static String names() {
        return Arrays.stream(values()).map(ProxyLocation::configName).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return configName;
    }
}
