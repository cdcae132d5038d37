package dev.trellis.serve;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A deployment bound to its constructor arguments, the counterpart of Ray's bound deployment
 * ({@code Model.bind(...)}). The application's ingress is the root of the bind tree; the other
 * deployments are reached through handles passed to constructors. Run it with
 * {@link Serve#run(Application, String, String)}.
 *
 * @param <T> the ingress deployment's type
 */
public final class Application<T> {
    private final DeploymentDefinition<T> ingress;
    private final List<Object> args;
    /** The config entry this application was built from, or null when code built it. */
    private final com.fasterxml.jackson.databind.JsonNode configSource;

    Application(DeploymentDefinition<T> ingress, List<Object> args) {
        this(ingress, args, null);
    }

    private Application(DeploymentDefinition<T> ingress, List<Object> args,
                        com.fasterxml.jackson.databind.JsonNode configSource) {
        this.ingress = ingress;
        this.args = Collections.unmodifiableList(new ArrayList<>(args));
        this.configSource = configSource == null ? null : configSource.deepCopy();
    }

    /**
     * This application, remembering the config file entry it was built from ({@code name},
     * {@code import_path}, {@code args}, {@code deployments}...). On a cluster, Serve's
     * controller keeps the entries of what it runs where they survive its node, so that a
     * controller on another node can rebuild the applications and carry on; applications built
     * by code alone (none of this) run on until their controller's node goes, and are not rebuilt.
     */
    public Application<T> withConfigSource(com.fasterxml.jackson.databind.JsonNode entry) {
        return new Application<>(ingress, args, entry);
    }

    /** The config entry this application was built from ({@link #withConfigSource}), if any. */
    public java.util.Optional<com.fasterxml.jackson.databind.JsonNode> configSource() {
        return java.util.Optional.ofNullable(configSource).map(com.fasterxml.jackson.databind.JsonNode::deepCopy);
    }

    /** The ingress deployment (the root of the bind tree). */
    public DeploymentDefinition<T> ingress() {
        return ingress;
    }

    /** The constructor arguments: plain values and other {@link Application}s. */
    public List<Object> args() {
        return args;
    }

    /**
     * A copy of this application with {@code change} applied to every deployment definition in
     * the bind tree (the ingress and every application passed as an argument, recursively).
     * Config files use this to apply their per-deployment overrides.
     */
    public Application<T> mapDeployments(UnaryOperator<DeploymentDefinition<?>> change) {
        return mapDeployments(change, new IdentityHashMap<>());
    }

    @SuppressWarnings("unchecked")
    private Application<T> mapDeployments(UnaryOperator<DeploymentDefinition<?>> change,
                                          Map<Application<?>, Application<?>> done) {
        var existing = done.get(this);
        if (existing != null) {
            return (Application<T>) existing;
        }
        var newArgs = new ArrayList<Object>(args.size());
        for (Object arg : args) {
            if (arg instanceof Application<?> child) {
                newArgs.add(child.mapDeployments(change, (Map) done));
            } else if (arg instanceof List<?> list && list.stream().anyMatch(Application.class::isInstance)) {
                newArgs.add(list.stream().map(e -> e instanceof Application<?> c
                        ? (Object) c.mapDeployments(change, (Map) done) : e).toList());
            } else {
                newArgs.add(arg);
            }
        }
        var mapped = new Application<>((DeploymentDefinition<T>) change.apply(ingress), newArgs, configSource);
        done.put(this, mapped);
        return mapped;
    }

    @Override
    public String toString() {
        return ingress.name() + ".bind(" + args.size() + " args)";
    }
}
