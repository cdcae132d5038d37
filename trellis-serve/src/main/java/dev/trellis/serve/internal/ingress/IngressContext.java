package dev.trellis.serve.internal.ingress;

import dev.trellis.serve.HttpOptions;
import dev.trellis.serve.internal.handle.ActorDeploymentHandle;
import dev.trellis.serve.internal.metrics.ServeMetrics;

/** What the runtime gives an ingress. */
public interface IngressContext {
    HttpOptions options();

    /** The runtime's metrics, where the ingress records its HTTP meters. */
    ServeMetrics metrics();

    /** How requests are traced (off unless the runtime was given an OpenTelemetry). */
    default dev.trellis.serve.internal.observe.Tracing tracing() {
        return dev.trellis.serve.internal.observe.Tracing.OFF;
    }

    /** A handle to a deployment, for calls by {@link java.lang.reflect.Method} (see {@link ActorDeploymentHandle#invoke}). */
    <T> ActorDeploymentHandle<T> handle(String applicationName, String deploymentName, Class<?> userClass);
}
