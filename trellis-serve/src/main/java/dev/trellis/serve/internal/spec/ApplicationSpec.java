package dev.trellis.serve.internal.spec;

import java.util.Map;

/** A planned application: its deployments by name (dependencies first) and which one is the ingress. */
public record ApplicationSpec(String name, String routePrefix, String ingressName, Map<String, DeploymentSpec> deployments) {
    public DeploymentSpec ingress() {
        return deployments.get(ingressName);
    }
}
