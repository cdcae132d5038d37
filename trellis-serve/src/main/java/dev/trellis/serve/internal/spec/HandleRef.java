package dev.trellis.serve.internal.spec;

/**
 * Stands in a deployment's planned constructor arguments for another bound deployment; the
 * replica turns it into a {@code DeploymentHandle} before calling the constructor.
 */
public record HandleRef(String applicationName, String deploymentName, Class<?> userClass) {
}
