package dev.trellis.core.internal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;

/**
 * Creates Trellis actor systems. Embedded mode uses Pekko's local provider: no network ports
 * are opened; cluster mode (a later issue) changes configuration and placement, not actors.
 */
public final class ActorSystems {
    private ActorSystems() {
    }

    /**
     * An embedded system running {@code guardian}.
     *
     * @param serializeMessages when true every message is round-tripped through its serializer
     *     (Pekko's {@code serialize-messages}), proving it could cross a node boundary
     */
    public static <T> ActorSystem<T> embedded(Behavior<T> guardian, String name, boolean serializeMessages,
                                              Config overrides) {
        Config config = overrides
                .withFallback(ConfigFactory.parseMap(Map.of(
                        "pekko.actor.serialize-messages", serializeMessages ? "on" : "off",
                        "pekko.actor.provider", "local")))
                .withFallback(ConfigFactory.load());
        return ActorSystem.create(guardian, name, config);
    }
}
