package dev.trellis.serve.internal.ingress;

/** One application reachable through the ingress. */
public record RouteEntry(String applicationName, String routePrefix, String ingressDeployment, Class<?> ingressClass) {
}
