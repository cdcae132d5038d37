package dev.trellis.serve.internal.messages;

import dev.trellis.serve.DeploymentHandle;
import java.util.function.BiFunction;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;

/**
 * Per-actor-system Serve state that the serializer needs: the {@link KnownClasses} allow-list
 * and a factory for handles that arrive inside messages.
 * A Pekko extension, so it is found from the system alone.
 */
public final class ServeSystemContext implements Extension {
    private static final Id ID = new Id();
    private final KnownClasses knownClasses = new KnownClasses();
    private volatile BiFunction<String, String, DeploymentHandle<?>> handles = (app, deployment) -> {
        throw new IllegalStateException("no Serve runtime on this actor system to make a handle to " + app + "#" + deployment);
    };

    public static ServeSystemContext get(ActorSystem<?> system) {
        return ID.apply(system);
    }

    public KnownClasses knownClasses() {
        return knownClasses;
    }

    /** Makes handles for handles that arrive inside messages (application, deployment). */
    public DeploymentHandle<?> handle(String applicationName, String deploymentName) {
        return handles.apply(applicationName, deploymentName);
    }

    public void handleFactory(BiFunction<String, String, DeploymentHandle<?>> factory) {
        this.handles = factory;
    }

    private static final class Id extends ExtensionId<ServeSystemContext> {
        @Override
        public ServeSystemContext createExtension(ActorSystem<?> system) {
            return new ServeSystemContext();
        }
    }
}
