package dev.trellis.serve;

import dev.trellis.serve.internal.ServeRuntime;
import java.util.Objects;

/**
 * Entry point of the Serve API, the counterpart of Ray's {@code serve} module. One embedded
 * runtime per JVM: it starts on first use ({@link #run}, {@link #start}) and runs until
 * {@link #shutdown()}. Thread-safe.
 *
 * <pre>{@code
 * Application<Combiner> app = Serve.deployment(Combiner.class).bind(Serve.deployment(Model.class).bind(1));
 * DeploymentHandle<Combiner> h = Serve.run(app, "calc", "/calc");
 * String r = h.remote(Combiner::run, 1, 2.0, "sum").result();
 * }</pre>
 */
public final class Serve {
    private static ServeRuntime runtime;

    private Serve() {
    }

    /** A deployment of class {@code cls}, with defaults from its {@link Deployment} annotation if present. */
    public static <T> DeploymentDefinition<T> deployment(Class<T> cls) {
        return DeploymentDefinition.ofClass(cls);
    }

    /** A deployment whose replicas run {@code fn}; call it with {@code handle.remote(ServeFunction::apply, x)}. */
    public static <I, O> DeploymentDefinition<ServeFunction<I, O>> function(String name, ServeFunction<I, O> fn) {
        return DeploymentDefinition.ofFunction(name, fn);
    }

    /**
     * Starts the embedded runtime with {@code options}. Optional: {@link #run} starts it with
     * defaults. Fails if a runtime is already running.
     */
    public static synchronized void start(ServeOptions options) {
        Objects.requireNonNull(options, "options");
        if (runtime != null) {
            throw new IllegalStateException("Serve is already running; call Serve.shutdown() before starting it again");
        }
        runtime = ServeRuntime.start(options);
    }

    /** Whether the embedded runtime is running. */
    public static synchronized boolean isRunning() {
        return runtime != null;
    }

    /** Runs {@code app} as application "default" at route prefix "/". */
    public static <T> DeploymentHandle<T> run(Application<T> app) {
        return run(app, "default", "/");
    }

    /**
     * Deploys (or updates in place) application {@code name} and waits until it is RUNNING.
     * Returns the ingress handle. If a deployment cannot fit on the node's resources the call
     * returns once that is known, leaving the deployment pending (see {@link #status()}).
     *
     * @param routePrefix where the HTTP proxy serves it, e.g. "/calc"; {@code null} for none
     * @throws DeploymentFailedException if a deployment fails to start (the message carries why)
     */
    public static <T> DeploymentHandle<T> run(Application<T> app, String name, String routePrefix) {
        return runtime().run(app, name, routePrefix);
    }

    /** Like {@link #run(Application, String, String)} but returns at once, without waiting for RUNNING. */
    public static <T> DeploymentHandle<T> deploy(Application<T> app, String name, String routePrefix) {
        return runtime().deploy(app, name, routePrefix);
    }

    /**
     * Checks that {@code app} could be deployed as {@code name} at {@code routePrefix} (its bind
     * tree plans, and the HTTP proxy can serve its ingress) without deploying it: a dry run of
     * {@link #deploy}'s own checks, so a whole config can be checked before any of it is applied.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static void check(Application<?> app, String name, String routePrefix) {
        runtime().check(app, name, routePrefix);
    }

    /** The ingress handle of a running application. */
    public static <T> DeploymentHandle<T> getAppHandle(String applicationName) {
        return runtime().appHandle(applicationName);
    }

    /** A handle to deployment {@code deploymentName} of application {@code applicationName}. */
    public static <T> DeploymentHandle<T> getDeploymentHandle(String deploymentName, String applicationName) {
        return runtime().deploymentHandle(applicationName, deploymentName);
    }

    /** Deletes an application, draining its replicas gracefully; returns when they have stopped. */
    public static void delete(String applicationName) {
        runtime().delete(applicationName);
    }

    /** Where the HTTP proxy listens (module trellis-http on the class path, HTTP enabled). */
    public static java.util.Optional<java.net.InetSocketAddress> httpAddress() {
        return runtime().httpAddress();
    }

    /** Applications, deployments and replicas with their states and messages. */
    public static ServeStatus status() {
        return runtime().status();
    }

    /**
     * The running runtime's Micrometer registry: Trellis's own metrics are recorded there, and
     * user code may add its own meters (the counterpart of {@code ray.serve.metrics}).
     */
    public static io.micrometer.core.instrument.MeterRegistry meterRegistry() {
        return runtime().metrics().registry();
    }

    /** Every metric of the running runtime in Prometheus text format, as {@code GET /metrics} serves it. */
    public static String prometheusMetrics() {
        return runtime().metrics().scrape();
    }

    /** Deletes every application (gracefully) and stops the runtime. No-op if not running. */
    public static void shutdown() {
        ServeRuntime r;
        synchronized (Serve.class) {
            r = runtime;
            runtime = null;
        }
        if (r != null) {
            r.shutdown();
        }
    }

    private static synchronized ServeRuntime runtime() {
        if (runtime == null) {
            runtime = ServeRuntime.start(ServeOptions.defaults());
        }
        return runtime;
    }
}
