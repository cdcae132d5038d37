package dev.trellis.serve.internal.spec;

import dev.trellis.serve.DeploymentConfig;
import dev.trellis.serve.ServeFunction;
import java.util.List;
import java.util.Objects;

/**
 * One deployment of a planned application: what its replicas run (class and constructor
 * arguments, or a function) and its config. Two specs with equal {@link #codeEquals code}
 * run the same replicas, so an update between them is applied in place (user_config,
 * num_replicas, limits); otherwise replicas are replaced.
 */
public record DeploymentSpec(String applicationName, String name, Class<?> userClass, ServeFunction<?, ?> function,
                             List<Object> initArgs, DeploymentConfig config) {

    public DeploymentSpec {
        initArgs = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(initArgs));
    }

    public boolean codeEquals(DeploymentSpec other) {
        return userClass.equals(other.userClass) && function == other.function
                && Objects.equals(initArgs, other.initArgs)
                && config.resources().equals(other.config.resources());
    }

    public String id() {
        return applicationName + "#" + name;
    }
}
