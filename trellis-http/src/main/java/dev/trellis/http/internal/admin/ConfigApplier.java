package dev.trellis.http.internal.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.serve.HttpOptions;
import dev.trellis.serve.Serve;
import dev.trellis.serve.config.ConfigException;
import dev.trellis.serve.config.ConfigProblem;
import dev.trellis.serve.config.ConfiguredApplication;
import dev.trellis.serve.config.ServeConfigFile;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Makes a whole, already validated Serve config the one in force, as Ray's
 * {@code PUT /api/serve/applications/} does: applications missing from it are deleted first
 * (which frees their route prefixes for the others), then each application whose entry
 * differs from the one in force is deployed or updated in place; an application whose entry is
 * unchanged is left alone, so applying the same config twice restarts nothing.
 *
 * <p>A config is checked in full before anything changes: its {@code http_options} must match
 * the running proxy's (they cannot change while it runs), route prefixes moving between
 * running applications must have a {@link DeployOrder}, and every application must pass
 * {@link Serve#check} (planning and the proxy's ingress checks), else the config is rejected and the
 * running applications stay as they are. Applies one config at a time (synchronized), and
 * keeps each application's entry as deployed so that the config in force can be shown; reading
 * it never waits for a config being applied.
 */
final class ConfigApplier {
    /** An application's entry in the config in force, and when it was last (re)deployed. */
    record Applied(JsonNode config, Instant deployedAt) {
    }

    /** What applying a config did, by application name. */
    record Outcome(List<String> deployed, List<String> unchanged, List<String> deleted) {
    }

    private final InstantSource clock;
    private final HttpOptions proxyOptions;
    private final dev.trellis.serve.ProxyLocation proxyLocation;
    private final Supplier<InetSocketAddress> proxyAddress;
    /** Replaced whole under the lock, read without it: a GET never waits for a deploy that drains replicas. */
    private volatile Map<String, Applied> inForce = Map.of();

    /**
     * @param proxyOptions the options the running HTTP proxy was started with
     * @param proxyAddress where it listens; null when there is no proxy
     */
    ConfigApplier(InstantSource clock, HttpOptions proxyOptions, dev.trellis.serve.ProxyLocation proxyLocation,
                  Supplier<InetSocketAddress> proxyAddress) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.proxyOptions = Objects.requireNonNull(proxyOptions, "proxyOptions");
        this.proxyLocation = Objects.requireNonNull(proxyLocation, "proxyLocation");
        this.proxyAddress = Objects.requireNonNull(proxyAddress, "proxyAddress");
    }

    /**
     * Makes {@code config} the config in force.
     *
     * @param checkHttpOptions false for the config {@code trellis start} was given, whose
     *                         http_options the proxy was started with (overridden by its flags)
     * @throws ConfigException when its http_options differ from the running proxy's or running
     *                         applications swap route prefixes; nothing changed then
     */
    synchronized Outcome apply(ServeConfigFile config, String source, boolean checkHttpOptions) {
        if (checkHttpOptions) {
            config.httpOptionsConfig().ifPresent(node -> checkHttpOptions(node, config, source));
            config.proxyLocation().ifPresent(wanted -> checkProxyLocation(wanted, config, source));
        }
        Map<String, JsonNode> entries = config.applicationConfigs();
        var status = Serve.status().applications();
        Set<String> running = status.keySet();
        var keptPrefixes = new HashMap<String, String>();
        status.forEach((name, app) -> {
            if (entries.containsKey(name)) {
                keptPrefixes.put(name, app.routePrefix());
            }
        });
        List<ConfiguredApplication> order = DeployOrder.of(config.applications(), keptPrefixes, source);
        checkDeployable(config, source);
        var deleted = new ArrayList<String>();
        for (String name : List.copyOf(running)) {
            if (!entries.containsKey(name)) {
                Serve.delete(name);
                deleted.add(name);
            }
        }
        var next = new LinkedHashMap<>(inForce);
        next.keySet().retainAll(entries.keySet());
        publish(next);
        var deployed = new ArrayList<String>();
        var unchanged = new ArrayList<String>();
        for (ConfiguredApplication app : order) {
            JsonNode entry = entries.get(app.name());
            Applied previous = next.get(app.name());
            if (previous != null && previous.config().equals(entry) && running.contains(app.name())) {
                unchanged.add(app.name());
                continue;
            }
            Serve.deploy(app.application(), app.name(), app.routePrefix());
            next.put(app.name(), new Applied(entry, clock.instant()));
            publish(next);
            deployed.add(app.name());
        }
        return new Outcome(deployed, unchanged, deleted);
    }

    /**
     * Runs {@link Serve#check} on every application, so one that could not be deployed (say, an
     * ingress the HTTP proxy cannot serve) rejects the whole config before anything is deleted.
     */
    private static void checkDeployable(ServeConfigFile config, String source) {
        var problems = new ArrayList<ConfigProblem>();
        List<ConfiguredApplication> apps = config.applications();
        for (int i = 0; i < apps.size(); i++) {
            ConfiguredApplication app = apps.get(i);
            try {
                Serve.check(app.application(), app.name(), app.routePrefix());
            } catch (IllegalArgumentException e) {
                problems.add(new ConfigProblem("applications[" + i + "]", config.lineOf("applications", String.valueOf(i)),
                        e.getMessage()));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(source, problems);
        }
    }

    /** Makes {@code entries} what readers see; after every step, so a failed step leaves what was done visible. */
    private void publish(Map<String, Applied> entries) {
        inForce = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    /** Deletes every application (Ray's {@code DELETE /api/serve/applications/}); returns their names. */
    synchronized List<String> deleteAll() {
        var names = List.copyOf(Serve.status().applications().keySet());
        names.forEach(Serve::delete);
        inForce = Map.of();
        return names;
    }

    /** The entries in force, by application name, in the order they were applied. */
    Map<String, Applied> inForce() {
        return inForce;
    }

    private void checkHttpOptions(JsonNode node, ServeConfigFile config, String source) {
        HttpOptions wanted = config.httpOptions();
        var problems = new ArrayList<ConfigProblem>();
        InetSocketAddress address = proxyAddress.get();
        if (node.has("host") && !node.get("host").isNull() && !sameHost(wanted.host(), address, proxyOptions.host())) {
            problems.add(differs("host", "\"" + wanted.host() + "\"", "\"" + runningHost(address) + "\""));
        }
        int runningPort = address != null ? address.getPort() : proxyOptions.port();
        if (node.has("port") && !node.get("port").isNull() && wanted.port() != runningPort
                && !(wanted.port() == 0 && proxyOptions.port() == 0)) {
            problems.add(differs("port", String.valueOf(wanted.port()), String.valueOf(runningPort)));
        }
        compare(node, problems, "request_timeout_s", seconds(wanted.requestTimeout()), seconds(proxyOptions.requestTimeout()));
        compare(node, problems, "max_request_body_bytes", wanted.maxRequestBodyBytes(), proxyOptions.maxRequestBodyBytes());
        compare(node, problems, "back_pressure_status", wanted.backPressureStatus(), proxyOptions.backPressureStatus());
        compare(node, problems, "retry_after_s", seconds(wanted.retryAfter()), seconds(proxyOptions.retryAfter()));
        compare(node, problems, "access_log", wanted.accessLog(), proxyOptions.accessLog());
        if (!problems.isEmpty()) {
            throw new ConfigException(source, problems.stream().map(p -> new ConfigProblem(p.keyPath(),
                    config.lineOf(p.keyPath().split("\\.")), p.message())).toList());
        }
    }

    /**
     * The config's proxy_location must be the one the nodes run. On one JVM, not part of a
     * cluster, the node is the head: {@code HeadOnly} and {@code EveryNode} are the same there.
     */
    private void checkProxyLocation(dev.trellis.serve.ProxyLocation wanted, ServeConfigFile config, String source) {
        if (wanted == proxyLocation) {
            return;
        }
        boolean oneNode = dev.trellis.core.internal.NodeAgent.current().map(n -> !n.clustered()).orElse(true);
        if (oneNode && wanted != dev.trellis.serve.ProxyLocation.DISABLED
                && proxyLocation != dev.trellis.serve.ProxyLocation.DISABLED) {
            return;
        }
        throw new ConfigException(source, List.of(new ConfigProblem("proxy_location", config.lineOf("proxy_location"),
                "is " + wanted + " but the running nodes have proxy_location " + proxyLocation + "; it cannot change"
                        + " while Trellis runs: leave proxy_location out of the config, make it match, or restart"
                        + " the nodes with `trellis start --proxy-location " + wanted + "`")));
    }

    private static void compare(JsonNode node, List<ConfigProblem> problems, String key, Object wanted, Object running) {
        if (node.has(key) && !node.get(key).isNull() && !Objects.equals(wanted, running)) {
            problems.add(differs(key, String.valueOf(wanted), String.valueOf(running)));
        }
    }

    private static ConfigProblem differs(String key, String wanted, String running) {
        return new ConfigProblem("http_options." + key, 0, "is " + wanted + " but the running HTTP proxy has "
                + running + "; http_options cannot change while Trellis runs: leave http_options out of the config,"
                + " make it match, or restart with `trellis stop` and `trellis start --host/--port`");
    }

    private static boolean sameHost(String wanted, InetSocketAddress address, String runningHost) {
        if (wanted.equals(runningHost)) {
            return true;
        }
        try {
            return address != null && InetAddress.getByName(wanted).equals(address.getAddress());
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private String runningHost(InetSocketAddress address) {
        return address == null ? proxyOptions.host() : address.getAddress().getHostAddress();
    }

    private static String seconds(java.time.Duration d) {
        return d == null ? "null" : String.valueOf(d.toNanos() / 1e9);
    }
}
