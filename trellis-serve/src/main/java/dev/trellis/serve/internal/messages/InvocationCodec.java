package dev.trellis.serve.internal.messages;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.trellis.serve.DeploymentHandle;
import dev.trellis.serve.internal.invoke.CallSignature;
import dev.trellis.serve.internal.invoke.MethodKey;
import dev.trellis.serve.internal.observe.RequestContext;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Jackson encoding of call arguments and results. Values are written as plain JSON (CBOR on
 * the wire); on decoding, their Java types come from the declared parameter and return types
 * of the method the message names ({@link CallSignature}: one item, not a list, for a
 * {@code @Batch} method), which {@link KnownClasses} resolves against classes this
 * node already runs. So no type name from the wire is ever loaded, and user types need no
 * annotations: records, POJOs, collections and primitives all work.
 */
public final class InvocationCodec {
    private InvocationCodec() {
    }

    public static SimpleModule module(ServeSystemContext context) {
        KnownClasses classes = context.knownClasses();
        var m = new SimpleModule("trellis-invocations");
        m.addSerializer(DeploymentHandle.class, new HandleSerializer());
        m.addDeserializer(DeploymentHandle.class, new HandleDeserializer(context));
        m.addSerializer(HandleRequest.class, new HandleRequestSerializer());
        m.addDeserializer(HandleRequest.class, new HandleRequestDeserializer(classes));
        m.addSerializer(ReplicaReply.Chunk.class, new ChunkSerializer());
        m.addDeserializer(ReplicaReply.Chunk.class, new ChunkDeserializer(classes));
        m.addSerializer(ReplicaReply.Ok.class, new OkSerializer());
        m.addDeserializer(ReplicaReply.Ok.class, new OkDeserializer(classes));
        return m;
    }

    /** A handle travels as its address (application and deployment names) and its options. */
    @SuppressWarnings("rawtypes")
    static final class HandleSerializer extends JsonSerializer<DeploymentHandle> {
        @Override
        public void serialize(DeploymentHandle h, JsonGenerator gen, SerializerProvider p) throws IOException {
            gen.writeStartObject();
            gen.writeStringField("application", h.applicationName());
            gen.writeStringField("deployment", h.deploymentName());
            if (h instanceof dev.trellis.serve.internal.handle.ActorDeploymentHandle<?> a
                    && a.handleOptions().multiplexedModelId() != null) {
                gen.writeStringField("multiplexedModelId", a.handleOptions().multiplexedModelId());
            }
            gen.writeEndObject();
        }
    }

    @SuppressWarnings("rawtypes")
    static final class HandleDeserializer extends JsonDeserializer<DeploymentHandle> {
        private final ServeSystemContext context;

        HandleDeserializer(ServeSystemContext context) {
            this.context = context;
        }

        @Override
        public DeploymentHandle deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonNode tree = ctxt.readTree(p);
            DeploymentHandle<?> handle = context.handle(tree.get("application").asText(), tree.get("deployment").asText());
            JsonNode modelId = tree.get("multiplexedModelId");
            return modelId == null ? handle : handle.options(o -> o.multiplexedModelId(modelId.asText()));
        }
    }

    static final class HandleRequestSerializer extends JsonSerializer<HandleRequest> {
        @Override
        public void serialize(HandleRequest r, JsonGenerator gen, SerializerProvider p) throws IOException {
            gen.writeStartObject();
            gen.writeNumberField("requestId", r.requestId());
            gen.writeNumberField("streamCredit", r.streamCredit());
            if (r.multiplexedModelId() != null) {
                gen.writeStringField("multiplexedModelId", r.multiplexedModelId());
            }
            writeContext(r.context(), gen);
            gen.writePOJOField("method", r.method());
            gen.writeFieldName("replyTo");
            p.defaultSerializeValue(r.replyTo(), gen);
            gen.writeArrayFieldStart("args");
            for (Object arg : r.args()) {
                p.defaultSerializeValue(arg, gen);
            }
            gen.writeEndArray();
            gen.writeEndObject();
        }
    }

    static final class HandleRequestDeserializer extends JsonDeserializer<HandleRequest> {
        private final KnownClasses classes;

        HandleRequestDeserializer(KnownClasses classes) {
            this.classes = classes;
        }

        @Override
        @SuppressWarnings("unchecked")
        public HandleRequest deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonNode tree = ctxt.readTree(p);
            MethodKey key = ctxt.readTreeAsValue(tree.get("method"), MethodKey.class);
            ActorRef<ReplicaReply> replyTo = ctxt.readTreeAsValue(tree.get("replyTo"), ActorRef.class);
            Method method = classes.method(key);
            Type[] types = CallSignature.parameterTypes(method);
            JsonNode argNodes = tree.get("args");
            if (argNodes.size() != types.length) {
                throw new IOException(key.display() + " takes " + types.length + " arguments, message has " + argNodes.size());
            }
            Object[] args = new Object[types.length];
            for (int i = 0; i < types.length; i++) {
                args[i] = argument(argNodes.get(i), types[i], ctxt);
            }
            JsonNode modelId = tree.get("multiplexedModelId");
            return new HandleRequest(tree.get("requestId").asLong(), key, args, replyTo,
                    tree.get("streamCredit").asInt(), null, modelId == null ? null : modelId.asText(),
                    readContext(tree));
        }
    }

    /**
     * One argument, decoded by its declared type; one that is not of it is kept as its plain JSON
     * value (maps, lists, numbers), so that the replica's {@code ArgumentBinder}, which decides
     * by the same rules, answers the call with the error naming it, as it would had the call not
     * crossed bytes. (A message that fails to decode can never be answered.)
     */
    private static Object argument(JsonNode node, Type declared, DeserializationContext ctxt) throws IOException {
        JavaType type = ctxt.getTypeFactory().constructType(declared);
        try {
            return ctxt.readTreeAsValue(node, type);
        } catch (JsonMappingException | StreamReadException e) {
            return ctxt.readTreeAsValue(node, Object.class);
        }
    }

    /** The request context travels as up to three optional string fields; none when the call has no context. */
    private static void writeContext(RequestContext context, JsonGenerator gen) throws IOException {
        if (context == null) {
            return;
        }
        if (context.requestId() != null) {
            gen.writeStringField("xRequestId", context.requestId());
        }
        if (context.traceparent() != null) {
            gen.writeStringField("traceparent", context.traceparent());
        }
        if (context.tracestate() != null) {
            gen.writeStringField("tracestate", context.tracestate());
        }
    }

    private static RequestContext readContext(JsonNode tree) {
        String requestId = text(tree, "xRequestId");
        String traceparent = text(tree, "traceparent");
        String tracestate = text(tree, "tracestate");
        return requestId == null && traceparent == null && tracestate == null ? null
                : new RequestContext(requestId, traceparent, tracestate);
    }

    private static String text(JsonNode tree, String field) {
        JsonNode node = tree.get(field);
        return node == null || node.isNull() ? null : node.asText();
    }

    static final class ChunkSerializer extends JsonSerializer<ReplicaReply.Chunk> {
        @Override
        public void serialize(ReplicaReply.Chunk c, JsonGenerator gen, SerializerProvider p) throws IOException {
            gen.writeStartObject();
            gen.writeNumberField("requestId", c.requestId());
            gen.writePOJOField("method", c.method());
            gen.writeBooleanField("header", c.header());
            gen.writeFieldName("item");
            p.defaultSerializeValue(c.item(), gen);
            gen.writeEndObject();
        }
    }

    /** Items are decoded by the element type of the declared result: {@code Stream<T>}, {@code ResultStream<T>}... */
    static final class ChunkDeserializer extends JsonDeserializer<ReplicaReply.Chunk> {
        private final KnownClasses classes;

        ChunkDeserializer(KnownClasses classes) {
            this.classes = classes;
        }

        @Override
        public ReplicaReply.Chunk deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonNode tree = ctxt.readTree(p);
            MethodKey key = ctxt.readTreeAsValue(tree.get("method"), MethodKey.class);
            boolean header = tree.get("header").asBoolean();
            Method method = classes.method(key);
            JavaType type = header ? StreamTypes.headerType(ctxt.getTypeFactory(), method)
                    : StreamTypes.itemType(ctxt.getTypeFactory(), method);
            Object item = ctxt.readTreeAsValue(tree.get("item"), type);
            return new ReplicaReply.Chunk(tree.get("requestId").asLong(), key, header, item);
        }
    }

    static final class OkSerializer extends JsonSerializer<ReplicaReply.Ok> {
        @Override
        public void serialize(ReplicaReply.Ok ok, JsonGenerator gen, SerializerProvider p) throws IOException {
            gen.writeStartObject();
            gen.writeNumberField("requestId", ok.requestId());
            gen.writePOJOField("method", ok.method());
            gen.writeFieldName("value");
            p.defaultSerializeValue(ok.value(), gen);
            gen.writeEndObject();
        }
    }

    static final class OkDeserializer extends JsonDeserializer<ReplicaReply.Ok> {
        private final KnownClasses classes;

        OkDeserializer(KnownClasses classes) {
            this.classes = classes;
        }

        @Override
        public ReplicaReply.Ok deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonNode tree = ctxt.readTree(p);
            MethodKey key = ctxt.readTreeAsValue(tree.get("method"), MethodKey.class);
            JavaType type = ctxt.getTypeFactory().constructType(CallSignature.returnType(classes.method(key)));
            Object value = ctxt.readTreeAsValue(tree.get("value"), type);
            return new ReplicaReply.Ok(tree.get("requestId").asLong(), key, value);
        }
    }
}
