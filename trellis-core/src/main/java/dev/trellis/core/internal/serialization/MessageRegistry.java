package dev.trellis.core.internal.serialization;

import com.fasterxml.jackson.databind.Module;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * The message types one module sends across actor boundaries, each under a short, stable tag
 * (the serializer's manifest). Registries are named in the actor system's configuration
 * ({@code trellis.serialization.registries}) or listed as services
 * ({@code META-INF/services/dev.trellis.core.internal.serialization.MessageRegistry}), so that a
 * Core node's system knows them too, and need a public no-argument constructor.
 */
public interface MessageRegistry {

    /** Tag to message type. Tags must be unique across all registries of a system. */
    Map<String, Class<? extends TrellisSerializable>> types();

    /** Extra Jackson modules for this module's field types (handles, method keys, ...). */
    default List<Module> jacksonModules(ActorSystem<?> system) {
        return List.of();
    }
}
