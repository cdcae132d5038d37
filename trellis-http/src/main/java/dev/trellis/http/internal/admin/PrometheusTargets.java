package dev.trellis.http.internal.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trellis.core.NodeInfo;
import java.net.URI;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The answer of {@code GET /api/serve/prometheus-targets}: one Prometheus target group per
 * Prometheus endpoint a node advertises (an endpoint named {@code metrics} or ending in
 * {@code -metrics}: the node's own {@code metrics}, the admin API's {@code serve-metrics}), in
 * the format of Prometheus' {@code http_sd_configs} and {@code file_sd_configs}:
 * {@code [{"targets": ["HOST:PORT"], "labels": {"node_id": ..., "role": ..., "endpoint": ...,
 * "__metrics_path__": "/metrics"}}]}, plus {@code "__scheme__": "https"} for an https URL.
 * Nodes in id order, each node's endpoints by name; a node that advertises none is left out.
 */
final class PrometheusTargets {
    static final String PATH = "/api/serve/prometheus-targets";

    private PrometheusTargets() {
    }

    /** Whether an endpoint of this name is one Prometheus scrapes. */
    static boolean isMetrics(String endpoint) {
        return endpoint.equals("metrics") || endpoint.endsWith("-metrics");
    }

    /** The target groups of every node's Prometheus endpoints. */
    static ArrayNode of(List<NodeInfo> nodes) {
        ArrayNode groups = AdminResponse.JSON.createArrayNode();
        nodes.stream().sorted(Comparator.comparing(NodeInfo::nodeId)).forEach(n ->
                n.endpoints().forEach((name, url) -> {
                    if (isMetrics(name)) {
                        groups.add(group(url, Map.of("node_id", n.nodeId(), "role", n.role(), "endpoint", name)));
                    }
                }));
        return groups;
    }

    /** One group: the URL's host and port as the target, its path as {@code __metrics_path__}, then {@code labels}. */
    static ObjectNode group(String url, Map<String, String> labels) {
        URI uri = URI.create(url);
        int port = uri.getPort() >= 0 ? uri.getPort() : uri.getScheme().equals("https") ? 443 : 80;
        ObjectNode group = AdminResponse.JSON.createObjectNode();
        group.putArray("targets").add(uri.getHost() + ":" + port);
        ObjectNode out = group.putObject("labels");
        new java.util.TreeMap<>(labels).forEach(out::put);
        out.put("__metrics_path__", uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath());
        if (uri.getScheme().equals("https")) {
            out.put("__scheme__", "https");
        }
        return group;
    }
}
