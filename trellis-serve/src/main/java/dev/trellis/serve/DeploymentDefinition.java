package dev.trellis.serve;

import dev.trellis.core.Resources;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A deployment before it is bound to arguments: the class (or function) that replicas run, its
 * name and its {@link DeploymentConfig}. Immutable; {@link #options} and {@link #withName}
 * return modified copies, the counterpart of Ray's {@code Deployment.options(...)}.
 * {@link #bind} turns it into an {@link Application}.
 *
 * @param <T> the type handles to this deployment call methods on
 */
public final class DeploymentDefinition<T> {
    private final Class<?> userClass;
    private final ServeFunction<?, ?> function;
    private final String name;
    private final DeploymentConfig config;

    private DeploymentDefinition(Class<?> userClass, ServeFunction<?, ?> function, String name,
                                 DeploymentConfig config) {
        this.userClass = userClass;
        this.function = function;
        this.name = requireValidName(name);
        this.config = config;
    }

    static <T> DeploymentDefinition<T> ofClass(Class<T> cls) {
        Objects.requireNonNull(cls, "deployment class");
        if (cls.isInterface() || java.lang.reflect.Modifier.isAbstract(cls.getModifiers())) {
            throw new IllegalArgumentException("a deployment class must be concrete, was " + cls.getName());
        }
        Deployment a = cls.getAnnotation(Deployment.class);
        var b = DeploymentConfig.defaults().toBuilder();
        String name = cls.getSimpleName();
        if (a != null) {
            if (!a.name().isEmpty()) name = a.name();
            if (a.numReplicas() >= 0) b.numReplicas(a.numReplicas());
            if (a.maxOngoingRequests() >= 0) b.maxOngoingRequests(a.maxOngoingRequests());
            if (a.maxQueuedRequests() >= 0) b.maxQueuedRequests(a.maxQueuedRequests());
            if (a.numCpus() >= 0 || a.numGpus() >= 0) {
                b.resources(Resources.of(Math.max(0, a.numCpus()), Math.max(0, a.numGpus())));
            }
            if (a.healthCheckPeriodMillis() >= 0) b.healthCheckPeriod(Duration.ofMillis(a.healthCheckPeriodMillis()));
            if (a.healthCheckTimeoutMillis() >= 0) b.healthCheckTimeout(Duration.ofMillis(a.healthCheckTimeoutMillis()));
            if (a.gracefulShutdownWaitLoopMillis() >= 0) {
                b.gracefulShutdownWaitLoop(Duration.ofMillis(a.gracefulShutdownWaitLoopMillis()));
            }
            if (a.gracefulShutdownTimeoutMillis() >= 0) {
                b.gracefulShutdownTimeout(Duration.ofMillis(a.gracefulShutdownTimeoutMillis()));
            }
            if (a.rollingUpdateShare() != -1) b.rollingUpdateShare(a.rollingUpdateShare());
        }
        return new DeploymentDefinition<>(cls, null, name, b.build());
    }

    static <I, O> DeploymentDefinition<ServeFunction<I, O>> ofFunction(String name, ServeFunction<I, O> fn) {
        Objects.requireNonNull(fn, "deployment function");
        return new DeploymentDefinition<>(ServeFunction.class, fn, name, DeploymentConfig.defaults());
    }

    /** The deployment's name, unique within its application. */
    public String name() {
        return name;
    }

    public DeploymentConfig config() {
        return config;
    }

    /** The class whose methods handles call ({@link ServeFunction} for function deployments). */
    public Class<?> userClass() {
        return userClass;
    }

    /** For function deployments, the function every replica runs; otherwise {@code null}. */
    public ServeFunction<?, ?> function() {
        return function;
    }

    /** A copy with options changed, e.g. {@code options(o -> o.numReplicas(2).maxOngoingRequests(8))}. */
    public DeploymentDefinition<T> options(Consumer<DeploymentConfig.Builder> changes) {
        var b = config.toBuilder();
        changes.accept(b);
        return new DeploymentDefinition<>(userClass, function, name, b.build());
    }

    /** A copy with the whole config replaced. */
    public DeploymentDefinition<T> withConfig(DeploymentConfig newConfig) {
        return new DeploymentDefinition<>(userClass, function, name, Objects.requireNonNull(newConfig, "config"));
    }

    public DeploymentDefinition<T> withName(String newName) {
        return new DeploymentDefinition<>(userClass, function, newName, config);
    }

    /**
     * Binds constructor arguments. Each argument is a plain value or another {@link Application}
     * (a bound deployment), which the constructor receives as a {@link DeploymentHandle}.
     */
    public Application<T> bind(Object... args) {
        return new Application<>(this, Arrays.asList(args == null ? new Object[] {null} : args.clone()));
    }

    @Override
    public String toString() {
        return "Deployment(" + name + ", " + userClass.getName() + ")";
    }

    private static String requireValidName(String name) {
        if (name == null || name.isBlank() || name.contains("/") || name.contains("#")) {
            throw new IllegalArgumentException("name must be non-blank without '/' or '#', was '" + name + "'");
        }
        return name;
    }
}
