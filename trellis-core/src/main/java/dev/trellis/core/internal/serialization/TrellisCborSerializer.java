package dev.trellis.core.internal.serialization;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.NotSerializableException;
import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.SerializerWithStringManifest;

/**
 * Pekko serializer for every {@link TrellisSerializable} message: Jackson CBOR, with the
 * manifest being the message's registry tag. Decoding looks the tag up in the registries and
 * fails for anything else, so bytes from the network never choose which class gets loaded.
 * Typed {@link ActorRef}s are written in Pekko's own serialization format.
 */
public final class TrellisCborSerializer extends SerializerWithStringManifest {
    /** Pekko serializer id; must be unique within a system and stable across versions. */
    public static final int IDENTIFIER = 731_001;

    private final ExtendedActorSystem system;
    private volatile State state;

    private record State(ObjectMapper mapper, Map<String, Class<?>> byTag, Map<Class<?>, String> byType) {
    }

    public TrellisCborSerializer(ExtendedActorSystem system) {
        this.system = system;
    }

    @Override
    public int identifier() {
        return IDENTIFIER;
    }

    @Override
    public String manifest(Object o) {
        String tag = state().byType.get(o.getClass());
        if (tag == null) {
            throw new IllegalArgumentException("message type " + o.getClass().getName()
                    + " is TrellisSerializable but listed in no MessageRegistry");
        }
        return tag;
    }

    @Override
    public byte[] toBinary(Object o) {
        manifest(o);
        try {
            return state().mapper.writeValueAsBytes(o);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot serialize " + o.getClass().getName() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
        Class<?> type = state().byTag.get(manifest);
        if (type == null) {
            throw new NotSerializableException("unknown Trellis message tag '" + manifest + "'");
        }
        try {
            return state().mapper.readValue(bytes, type);
        } catch (IOException e) {
            var failure = new NotSerializableException("cannot decode Trellis message '" + manifest + "': " + e.getMessage());
            failure.initCause(e);
            throw failure;
        }
    }

    private State state() {
        State s = state;
        if (s == null) {
            synchronized (this) {
                s = state;
                if (s == null) {
                    s = buildState();
                    state = s;
                }
            }
        }
        return s;
    }

    private State buildState() {
        ActorSystem<Void> typed = Adapter.toTyped(system);
        var byTag = new HashMap<String, Class<?>>();
        var byType = new HashMap<Class<?>, String>();
        // Strict coercion: a call's arguments are bound by the same rules whether or not they crossed bytes.
        var mapper = StrictCoercion.apply(CBORMapper.builder())
                .addModule(new Jdk8Module())
                .addModule(new JavaTimeModule())
                .addModule(actorRefModule(typed))
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
        var registries = new java.util.LinkedHashMap<String, MessageRegistry>();
        for (String name : system.settings().config().getStringList("trellis.serialization.registries")) {
            registries.putIfAbsent(name, instantiate(name));
        }
        // Libraries on the class path (Serve) register theirs as services, so a node's system knows them too.
        for (MessageRegistry found : java.util.ServiceLoader.load(MessageRegistry.class,
                TrellisCborSerializer.class.getClassLoader())) {
            registries.putIfAbsent(found.getClass().getName(), found);
        }
        for (MessageRegistry registry : registries.values()) {
            registry.types().forEach((tag, type) -> {
                if (byTag.putIfAbsent(tag, type) != null) {
                    throw new IllegalStateException("Trellis message tag '" + tag + "' is registered twice");
                }
                byType.put(type, tag);
            });
            registry.jacksonModules(typed).forEach(mapper::registerModule);
        }
        return new State(mapper, Map.copyOf(byTag), Map.copyOf(byType));
    }

    private static MessageRegistry instantiate(String className) {
        try {
            return (MessageRegistry) Class.forName(className).getConstructor().newInstance();
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalStateException("trellis.serialization.registries names '" + className
                    + "', which is not a MessageRegistry with a public no-argument constructor", e);
        }
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static SimpleModule actorRefModule(ActorSystem<?> system) {
        var resolver = ActorRefResolver.get(system);
        var module = new SimpleModule("trellis-actor-refs");
        // CBOR would write UUIDs as 16 raw bytes, which come back as byte[] where no type is declared (Object).
        module.addSerializer(java.util.UUID.class, com.fasterxml.jackson.databind.ser.std.ToStringSerializer.instance);
        module.addSerializer((Class) ActorRef.class, new JsonSerializer<ActorRef>() {
            @Override
            public void serialize(ActorRef value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeString(resolver.toSerializationFormat(value));
            }
        });
        module.addDeserializer((Class) ActorRef.class, new JsonDeserializer<ActorRef<?>>() {
            @Override
            public ActorRef<?> deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                return resolver.resolveActorRef(p.getValueAsString());
            }
        });
        return module;
    }
}
