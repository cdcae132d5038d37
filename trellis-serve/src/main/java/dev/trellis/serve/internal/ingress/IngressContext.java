package dev.trellis.serve.internal.ingress;

import dev.trellis.serve.HttpOptions;
import dev.trellis.serve.internal.handle.ActorDeploymentHandle;

/** What the runtime gives an ingress. */
public interface IngressContext {
    HttpOptions options();

    /** How requests are traced (off unless the runtime was given an OpenTelemetry). */
    default dev.trellis.serve.internal.observe.Tracing tracing() {
        return dev.trellis.serve.internal.observe.Tracing.OFF;
    }

    /** A handle to a deployment, for calls by {@link java.lang.reflect.Method} (see {@link ActorDeploymentHandle#invoke}). */
    <T> ActorDeploymentHandle<T> handle(String applicationName, String deploymentName, Class<?> userClass);
}
