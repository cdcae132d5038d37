package dev.trellis.core.internal.runtime;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.UntypedObjectDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.trellis.core.ActorHandle;
import dev.trellis.core.ObjectRef;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The codec's Jackson module for object refs and actor handles inside values: each is written as
 * a one-entry map, {@code {"@trellis.ref": [strings]}} or {@code {"@trellis.actor": [strings]}},
 * whose strings the encoding's {@link ObjectCodec.Nested} chose, and read back through the
 * decoding's; found where a field is typed as a ref or handle and where it is untyped (inside a
 * {@code List<Object>}, say). Without a {@code Nested} (spilling, or a library's own encoding)
 * writing one fails with a message naming it.
 */
final class NestedHandles {
    static final String REF = "@trellis.ref";
    static final String ACTOR = "@trellis.actor";

    private NestedHandles() {
    }

    static Module module() {
        var module = new SimpleModule("trellis-nested-handles");
        module.addSerializer(ObjectRef.class, new Writer<>(REF, "an ObjectRef",
                "pass refs as top-level arguments of the task or call, or get() the values first"));
        module.addSerializer(ActorHandle.class, new Writer<>(ACTOR, "an ActorHandle",
                "pass handles as top-level arguments of the task or call"));
        module.addDeserializer(ObjectRef.class, new Reader<>(REF));
        module.addDeserializer(ActorHandle.class, new Reader<>(ACTOR));
        module.addDeserializer(Object.class, new Untyped());
        return module;
    }

    private static ObjectCodec.Nested nested() {
        return ObjectCodec.currentNested();
    }

    private static Object read(String key, List<String> fields, ObjectCodec.Nested nested) {
        return REF.equals(key) ? nested.readRef(fields) : nested.readActor(fields);
    }

    /** Writes a ref or handle as its one-entry map. */
    private static final class Writer<T> extends JsonSerializer<T> {
        private final String key;
        private final String what;
        private final String instead;

        Writer(String key, String what, String instead) {
            this.key = key;
            this.what = what;
            this.instead = instead;
        }

        @Override
        public void serialize(T value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            ObjectCodec.Nested nested = nested();
            if (nested == null) {
                throw JsonMappingException.from(gen, what + " (" + value + ") nested inside another object cannot be"
                        + " encoded here (only a Trellis node sending it to another node can): " + instead);
            }
            List<String> fields = value instanceof ObjectRef<?> r ? nested.writeRef(r)
                    : nested.writeActor((ActorHandle<?>) value);
            gen.writeStartObject();
            gen.writeFieldName(key);
            gen.writeStartArray();
            for (String f : fields) {
                gen.writeString(f);
            }
            gen.writeEndArray();
            gen.writeEndObject();
        }
    }

    /** Reads a field typed as a ref or handle. */
    private static final class Reader<T> extends JsonDeserializer<T> {
        private final String key;

        Reader(String key) {
            this.key = key;
        }

        @Override
        @SuppressWarnings("unchecked")
        public T deserialize(JsonParser p, DeserializationContext context) throws IOException {
            ObjectCodec.Nested nested = nested();
            if (nested == null) {
                return (T) context.reportInputMismatch(this, "a value holding a %s can only be decoded by a Trellis"
                        + " node", REF.equals(key) ? "ObjectRef" : "ActorHandle");
            }
            if (p.currentToken() != JsonToken.START_OBJECT || p.nextToken() != JsonToken.FIELD_NAME
                    || !key.equals(p.currentName()) || p.nextToken() != JsonToken.START_ARRAY) {
                return (T) context.reportInputMismatch(this, "expected {\"%s\": [...]}", key);
            }
            var fields = new ArrayList<String>();
            while (p.nextToken() == JsonToken.VALUE_STRING) {
                fields.add(p.getText());
            }
            if (p.currentToken() != JsonToken.END_ARRAY || p.nextToken() != JsonToken.END_OBJECT) {
                return (T) context.reportInputMismatch(this, "expected only strings in {\"%s\": [...]}", key);
            }
            return (T) read(key, fields, nested);
        }
    }

    /**
     * Untyped values (what Jackson makes maps and lists of): a one-entry map that stands for a ref
     * or handle becomes one again. Jackson's untyped reader calls {@code deserialize} for the values
     * inside maps and lists too, so nested ones are found at any depth.
     */
    private static final class Untyped extends UntypedObjectDeserializer {
        Untyped() {
            super(null, (com.fasterxml.jackson.databind.JavaType) null);
        }

        /** Jackson would otherwise swap in its own non-recursive reader, which never calls back here. */
        @Override
        public JsonDeserializer<?> createContextual(DeserializationContext context,
                                                    com.fasterxml.jackson.databind.BeanProperty property) {
            return this;
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext context) throws IOException {
            Object value = super.deserialize(p, context);
            if (value instanceof Map<?, ?> map && map.size() == 1) {
                ObjectCodec.Nested nested = nested();
                for (String key : List.of(REF, ACTOR)) {
                    if (nested != null && map.get(key) instanceof List<?> list
                            && list.stream().allMatch(String.class::isInstance)) {
                        return read(key, list.stream().map(String.class::cast).toList(), nested);
                    }
                }
            }
            return value;
        }
    }
}
