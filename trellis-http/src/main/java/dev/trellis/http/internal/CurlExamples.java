package dev.trellis.http.internal;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trellis.http.ExampleBody;
import dev.trellis.http.internal.routes.AnnotatedRoutes;
import dev.trellis.serve.internal.invoke.CallSignature;
import java.lang.reflect.Method;
import java.util.Optional;

/**
 * The {@code curl} command that {@code trellis serve run} prints for each application, so a
 * user can try it at once: a POST of the method's {@link ExampleBody} (or of a body made from
 * its parameter type) for JSON ingresses, a GET of the OpenAPI document for annotated routes,
 * a plain GET otherwise.
 */
public final class CurlExamples {
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int MAX_DEPTH = 4;

    private CurlExamples() {
    }

    /**
     * The command for {@code app} at {@code routePrefix}: a deployment graph's example input when
     * it has one, otherwise what its ingress class suggests.
     */
    public static String curl(String baseUrl, String routePrefix, dev.trellis.serve.Application<?> app) {
        var graph = dev.trellis.serve.graph.GraphPicture.graphOf(app);
        if (graph != null && graph.exampleInput().isPresent()) {
            try {
                return post(baseUrl + routePrefix, JSON.writeValueAsString(graph.exampleInput().get()));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                return "curl " + baseUrl + routePrefix;
            }
        }
        return curl(baseUrl, routePrefix, app.ingress().userClass());
    }

    /**
     * The command for the application at {@code routePrefix} whose ingress is {@code ingressClass},
     * served at {@code baseUrl} (such as {@code http://127.0.0.1:8000}).
     */
    public static String curl(String baseUrl, String routePrefix, Class<?> ingressClass) {
        String url = baseUrl + routePrefix;
        IngressAdapter adapter;
        try {
            adapter = IngressAdapters.forClass(ingressClass);
        } catch (IllegalArgumentException e) {
            return "curl " + url;
        }
        String header = multiplexed(ingressClass)
                ? " -H '" + dev.trellis.serve.Multiplexing.MODEL_ID_HEADER + ": MODEL_ID'" : "";
        return switch (adapter) {
            case AnnotatedRoutes routes -> "curl " + baseUrl + (routePrefix.equals("/") ? "" : routePrefix) + "/openapi.json";
            case JsonBodyAdapter json -> post(url, example(json.method()).orElseGet(() -> sample(json.method()))) + header;
            case RequestParameterAdapter request -> example(request.method()).map(body -> post(url, body))
                    .orElse("curl " + url) + header;
            default -> "curl " + url;
        };
    }

    /** Whether the ingress loads models by the request's multiplexed model id, so the curl must send one. */
    private static boolean multiplexed(Class<?> ingressClass) {
        for (Class<?> c = ingressClass; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (m.isAnnotationPresent(dev.trellis.serve.Multiplexed.class)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String post(String url, String body) {
        return "curl -X POST " + url + " -H 'content-type: application/json' -d '" + body.replace("'", "'\\''") + "'";
    }

    private static Optional<String> example(Method method) {
        return Optional.ofNullable(method.getAnnotation(ExampleBody.class)).map(ExampleBody::value);
    }

    private static String sample(Method method) {
        JavaType type = JSON.getTypeFactory().constructType(CallSignature.parameterTypes(method)[0]);
        return sample(type, 0).toString();
    }

    /** A value of {@code type} with placeholder leaves: "text", 1, 1.0, true, the first enum constant. */
    static JsonNode sample(JavaType type, int depth) {
        Class<?> raw = type.getRawClass();
        if (CharSequence.class.isAssignableFrom(raw) || raw == char.class || raw == Character.class) {
            return NODES.textNode("text");
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return NODES.booleanNode(true);
        }
        if (raw == double.class || raw == float.class || raw == Double.class || raw == Float.class) {
            return NODES.numberNode(1.0);
        }
        if (raw.isPrimitive() || Number.class.isAssignableFrom(raw)) {
            return NODES.numberNode(1);
        }
        if (raw.isEnum()) {
            Object[] constants = raw.getEnumConstants();
            return constants.length == 0 ? NODES.nullNode() : NODES.textNode(((Enum<?>) constants[0]).name());
        }
        if (raw == Optional.class) {
            return sample(type.containedTypeOrUnknown(0), depth);
        }
        if (type.isArrayType() || type.isCollectionLikeType()) {
            ArrayNode array = NODES.arrayNode();
            return depth >= MAX_DEPTH ? array : array.add(sample(type.getContentType(), depth + 1));
        }
        if (type.isMapLikeType() || raw == Object.class || JsonNode.class.isAssignableFrom(raw) || depth >= MAX_DEPTH) {
            return NODES.objectNode();
        }
        ObjectNode object = NODES.objectNode();
        for (BeanPropertyDefinition property : JSON.getDeserializationConfig().introspect(type).findProperties()) {
            if (property.hasConstructorParameter() || property.hasSetter() || property.hasField()) {
                object.set(property.getName(), sample(property.getPrimaryType(), depth + 1));
            }
        }
        return object;
    }
}
