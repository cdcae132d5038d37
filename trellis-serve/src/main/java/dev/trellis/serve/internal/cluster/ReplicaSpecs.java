package dev.trellis.serve.internal.cluster;

import dev.trellis.core.internal.runtime.Values;
import dev.trellis.serve.DeploymentConfig;
import dev.trellis.serve.internal.messages.ControllerCommand;
import dev.trellis.serve.internal.messages.StartReplica;
import dev.trellis.serve.internal.messages.StartReplica.WireArg;
import dev.trellis.serve.internal.spec.DeploymentSpec;
import dev.trellis.serve.internal.spec.HandleRef;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * A deployment's replica as it crosses nodes ({@link StartReplica}) and back: the class by name,
 * constructor arguments in Core's value encoding, handles to other deployments by name. A
 * deployment that is a function, or whose arguments Core cannot encode, is not portable: its
 * replicas stay on the controller's node.
 */
public final class ReplicaSpecs {
    private ReplicaSpecs() {
    }

    /** Why {@code spec}'s replicas cannot run on another node, or null when they can. */
    public static String notPortable(DeploymentSpec spec) {
        if (spec.function() != null) {
            return "a function deployment runs on the controller's node";
        }
        try {
            args(spec.initArgs());
            return null;
        } catch (IllegalArgumentException e) {
            return "its arguments cannot cross nodes: " + e.getMessage();
        }
    }

    public static StartReplica encode(String replicaId, DeploymentSpec spec, ActorRef<ControllerCommand> controller) {
        return new StartReplica(replicaId, spec.applicationName(), spec.name(), spec.userClass().getName(),
                args(spec.initArgs()), spec.config().maxOngoingRequests(), spec.config().userConfig(),
                spec.config().resources(), controller);
    }

    /**
     * The replica {@code start} describes, with the settings a replica applies itself (the
     * controller keeps the rest of the deployment's config). Classes load with {@code loader}.
     */
    public static DeploymentSpec decode(StartReplica start, ClassLoader loader) throws ClassNotFoundException {
        Class<?> userClass = Class.forName(start.className(), false, loader);
        var initArgs = new ArrayList<Object>();
        for (WireArg arg : start.initArgs()) {
            initArgs.add(value(arg, loader));
        }
        DeploymentConfig config = DeploymentConfig.defaults().toBuilder()
                .maxOngoingRequests(start.maxOngoingRequests())
                .userConfig(start.userConfig())
                .resources(start.resources())
                .build();
        return new DeploymentSpec(start.applicationName(), start.deploymentName(), userClass, null, initArgs, config);
    }

    private static List<WireArg> args(List<Object> values) {
        var out = new ArrayList<WireArg>(values.size());
        for (int i = 0; i < values.size(); i++) {
            try {
                out.add(arg(values.get(i)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("argument " + i + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    private static WireArg arg(Object value) {
        if (value instanceof HandleRef ref) {
            return new WireArg("handle", null, ref.applicationName(), ref.deploymentName(), ref.userClass().getName(),
                    null);
        }
        if (value instanceof List<?> list && list.stream().anyMatch(HandleRef.class::isInstance)) {
            var items = new ArrayList<WireArg>();
            for (Object item : list) {
                items.add(arg(item));
            }
            return new WireArg("list", null, null, null, null, items);
        }
        return new WireArg("value", Values.encode(value), null, null, null, null);
    }

    private static Object value(WireArg arg, ClassLoader loader) throws ClassNotFoundException {
        return switch (arg.kind()) {
            case "handle" -> new HandleRef(arg.application(), arg.deployment(),
                    Class.forName(arg.className(), false, loader));
            case "list" -> {
                var items = new ArrayList<Object>();
                for (WireArg item : arg.items()) {
                    items.add(value(item, loader));
                }
                yield java.util.Collections.unmodifiableList(items);
            }
            case "value" -> Values.decode(arg.value());
            default -> throw new IllegalArgumentException("unknown kind of replica argument '" + arg.kind() + "'");
        };
    }
}
