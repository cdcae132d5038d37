package dev.trellis.serve.internal.spec;

import dev.trellis.serve.Application;
import dev.trellis.serve.DeploymentDefinition;
import dev.trellis.serve.ServeNames;
import dev.trellis.serve.internal.batch.BatchMethods;
import dev.trellis.serve.internal.invoke.ConstructorResolver;
import dev.trellis.serve.internal.multiplex.MultiplexedLoader;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flattens an {@link Application}'s bind tree into an {@link ApplicationSpec}, validating it
 * before anything is deployed: the name and route prefix, that every class deployment has
 * a constructor accepting its bound arguments, that its {@code @Multiplexed} loader (if any)
 * has the right shape, and that its {@code @Batch} methods are well formed (with a warning when
 * {@code max_ongoing_requests} keeps their batches from filling up). The same
 * {@code Application} object bound in two places is one deployment; two different ones with
 * the same name get suffixes ({@code Model}, {@code Model_1}), as in Ray.
 */
public final class ApplicationPlanner {
    private static final Logger LOG = LoggerFactory.getLogger(ApplicationPlanner.class);
    private final String appName;
    private final Map<Application<?>, String> names = new IdentityHashMap<>();
    private final Map<String, DeploymentSpec> specs = new LinkedHashMap<>();

    private ApplicationPlanner(String appName) {
        this.appName = appName;
    }

    public static ApplicationSpec plan(Application<?> app, String appName, String routePrefix) {
        if (app == null) {
            throw new IllegalArgumentException("application must not be null");
        }
        ServeNames.checkApplicationName(appName);
        ServeNames.checkRoutePrefix(routePrefix);
        var planner = new ApplicationPlanner(appName);
        String ingress = planner.visit(app);
        return new ApplicationSpec(appName, routePrefix, ingress, java.util.Collections.unmodifiableMap(planner.specs),
                app.configSource().orElse(null));
    }

    private String visit(Application<?> app) {
        String existing = names.get(app);
        if (existing != null) {
            return existing;
        }
        DeploymentDefinition<?> def = app.ingress();
        var args = new ArrayList<Object>();
        for (Object arg : app.args()) {
            if (arg instanceof Application<?> child) {
                String childName = visit(child);
                args.add(new HandleRef(appName, childName, child.ingress().userClass()));
            } else if (arg instanceof java.util.List<?> list && list.stream().anyMatch(Application.class::isInstance)) {
                var refs = new ArrayList<Object>(list.size());
                for (Object element : list) {
                    refs.add(element instanceof Application<?> child
                            ? new HandleRef(appName, visit(child), child.ingress().userClass()) : element);
                }
                args.add(java.util.Collections.unmodifiableList(refs));
            } else if (arg instanceof DeploymentDefinition<?> unbound) {
                throw new IllegalArgumentException("deployment " + unbound.name() + " is passed to " + def.name()
                        + " without bind(...); pass " + unbound.name() + ".bind(...) instead");
            } else {
                args.add(arg);
            }
        }
        if (def.function() != null) {
            if (!args.isEmpty()) {
                throw new IllegalArgumentException("function deployment " + def.name()
                        + " takes no bound arguments, got " + args.size());
            }
        } else {
            ConstructorResolver.find(def.userClass(), args);
            MultiplexedLoader.of(def.userClass());
        }
        String name = uniqueName(def.name());
        if (def.function() == null) {
            BatchMethods.validate(def.userClass());
            BatchMethods.capacityWarnings(def.userClass(), name, def.config().maxOngoingRequests()).forEach(LOG::warn);
        }
        names.put(app, name);
        specs.put(name, new DeploymentSpec(appName, name, def.userClass(), def.function(), args, def.config()));
        return name;
    }

    private String uniqueName(String base) {
        if (!specs.containsKey(base)) {
            return base;
        }
        int i = 1;
        while (specs.containsKey(base + "_" + i)) {
            i++;
        }
        return base + "_" + i;
    }
}
