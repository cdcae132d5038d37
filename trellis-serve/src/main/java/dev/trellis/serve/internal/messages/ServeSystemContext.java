package dev.trellis.serve.internal.messages;

import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;

/**
 * Per-actor-system Serve state that the serializer needs: the {@link KnownClasses} allow-list.
 * A Pekko extension, so it is found from the system alone.
 */
public final class ServeSystemContext implements Extension {
    private static final Id ID = new Id();
    private final KnownClasses knownClasses = new KnownClasses();

    public static ServeSystemContext get(ActorSystem<?> system) {
        return ID.apply(system);
    }

    public KnownClasses knownClasses() {
        return knownClasses;
    }

    private static final class Id extends ExtensionId<ServeSystemContext> {
        @Override
        public ServeSystemContext createExtension(ActorSystem<?> system) {
            return new ServeSystemContext();
        }
    }
}
