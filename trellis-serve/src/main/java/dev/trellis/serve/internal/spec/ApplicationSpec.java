package dev.trellis.serve.internal.spec;

import java.util.Map;

/**
 * A planned application: its deployments by name (dependencies first), which one is the ingress,
 * and the config entry it was built from (null when code built it; see
 * {@code Application.withConfigSource}).
 */
public record ApplicationSpec(String name, String routePrefix, String ingressName, Map<String, DeploymentSpec> deployments,
                              com.fasterxml.jackson.databind.JsonNode configSource) {
    public ApplicationSpec(String name, String routePrefix, String ingressName, Map<String, DeploymentSpec> deployments) {
        this(name, routePrefix, ingressName, deployments, null);
    }

    public DeploymentSpec ingress() {
        return deployments.get(ingressName);
    }
}
