package dev.trellis.http.internal.routes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trellis.http.Response;
import dev.trellis.http.internal.routes.ParameterBinder.Arity;
import dev.trellis.serve.ResultStream;
import dev.trellis.serve.internal.invoke.CallSignature;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.core.converter.ResolvedSchema;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Writes the OpenAPI 3 document for a set of routes, the counterpart of FastAPI's
 * {@code /openapi.json}: one operation per route with its path and query parameters, the JSON
 * body's schema, the 200 response's schema from the method's return type, and the 400, 404
 * and 500 answers the proxy gives. Schemas of records and POJOs are derived by swagger-core from
 * the same Jackson configuration that reads bodies, so "required" in the document means what the
 * reader enforces. Stateless; each call builds a fresh document.
 */
final class OpenApiDocument {
    /** The document's API version; ingress classes have none of their own (FastAPI's default). */
    static final String API_VERSION = "0.1.0";
    /** Named so that it does not collide with a user's "Error" record. */
    static final String ERROR_SCHEMA = "TrellisHttpError";
    /** The answers any route may get, each a response component. */
    private static final List<ErrorResponse> ERROR_RESPONSES = List.of(
            new ErrorResponse("400", "BadRequest", "Bad Request: a parameter or the body could not be read"),
            new ErrorResponse("404", "NotFound", "Not Found: no route for the path"),
            new ErrorResponse("500", "InternalServerError", "Internal Server Error: the method failed"));
    private static final List<String> METHOD_ORDER = List.of("GET", "POST", "PUT", "DELETE");

    private record ErrorResponse(String status, String name, String description) {
    }

    private final ModelConverters converters = new ModelConverters(false);
    private final Components components = new Components();

    private OpenApiDocument() {
        // ModelResolver registers swagger's introspector on the mapper it gets: give it a copy.
        converters.addConverter(new ModelResolver(JsonBodyReader.MAPPER.copy()));
        converters.addConverter(new JsonNodeSchemas());
    }

    /** The document as JSON: {@code applicationName} is its title, paths start with {@code routePrefix}. */
    static String generate(String applicationName, String routePrefix, List<Route> routes) {
        OpenAPI document = new OpenApiDocument().build(applicationName, routePrefix, routes);
        try {
            return Json.pretty().writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the OpenAPI document of " + applicationName + " as JSON", e);
        }
    }

    private OpenAPI build(String applicationName, String routePrefix, List<Route> routes) {
        addErrorComponents();
        var paths = new Paths();
        Set<String> operationIds = new HashSet<>();
        routes.stream()
                .sorted(Comparator.comparing((Route r) -> r.template().path())
                        .thenComparing(r -> METHOD_ORDER.indexOf(r.httpMethod())))
                .forEach(route -> {
                    String path = join(routePrefix, route.template().path());
                    PathItem item = paths.computeIfAbsent(path, p -> new PathItem());
                    item.operation(PathItem.HttpMethod.valueOf(route.httpMethod()), operation(route, operationIds));
                });
        return new OpenAPI()
                .info(new Info().title(applicationName).version(API_VERSION))
                .paths(paths)
                .components(components);
    }

    private Operation operation(Route route, Set<String> operationIds) {
        String name = route.method().getName();
        String operationId = operationIds.add(name) ? name : name + "_" + route.httpMethod().toLowerCase(Locale.ROOT);
        operationIds.add(operationId);
        var operation = new Operation()
                .operationId(operationId)
                .summary(route.summary().isEmpty() ? humanize(name) : route.summary());
        for (ParameterBinder binder : route.binders()) {
            switch (binder) {
                case ParameterBinder.PathValue p -> operation.addParametersItem(new Parameter()
                        .in("path").name(p.name()).required(true).schema(scalarSchema(p.type())));
                case ParameterBinder.QueryValue q -> operation.addParametersItem(new Parameter()
                        .in("query").name(q.name()).required(q.required()).schema(querySchema(q)));
                case ParameterBinder.Body b -> operation.requestBody(new RequestBody()
                        .required(!b.optional())
                        .content(json(schema(b.declared()))));
                case ParameterBinder.WholeRequest _ -> { }
            }
        }
        return operation.responses(responses(route.method()));
    }

    private ApiResponses responses(Method method) {
        var ok = new ApiResponse().description("Successful Response");
        Class<?> returned = CallSignature.rawReturnType(method);
        if (isStream(returned)) {
            ok.description("Streamed response, sent in chunks as it is produced");
        } else if (returned != void.class && returned != Void.class && returned != Response.class) {
            ok.content(json(schema(CallSignature.returnType(method))));
        }
        var responses = new ApiResponses().addApiResponse("200", ok);
        ERROR_RESPONSES.forEach(e -> responses.addApiResponse(e.status(),
                new ApiResponse().$ref("#/components/responses/" + e.name())));
        return responses;
    }

    /**
     * The body every error has (see {@code HttpErrorMapper}), and one shared response per
     * status the proxy answers for any route, referenced from each operation.
     */
    private void addErrorComponents() {
        components.addSchemas(ERROR_SCHEMA, new ObjectSchema()
                .addProperty("error", new StringSchema().description("short reason, e.g. bad_request"))
                .addProperty("message", new StringSchema().description("what went wrong, for people"))
                .addProperty("exception_type", new StringSchema().description("the failed call's exception type"))
                .addProperty("request_id", new StringSchema().description("the request's x-request-id"))
                .required(List.of("error", "message", "request_id")));
        ERROR_RESPONSES.forEach(e -> components.addResponses(e.name(), new ApiResponse()
                .description(e.description())
                .content(json(new Schema<>().$ref("#/components/schemas/" + ERROR_SCHEMA)))));
    }

    private static boolean isStream(Class<?> type) {
        return ResultStream.class.isAssignableFrom(type) || Stream.class.isAssignableFrom(type)
                || Iterator.class.isAssignableFrom(type);
    }

    private static Content json(Schema<?> schema) {
        return new Content().addMediaType("application/json", new MediaType().schema(schema));
    }

    private Schema<?> querySchema(ParameterBinder.QueryValue q) {
        Schema<?> value = scalarSchema(q.type());
        if (q.arity() == Arity.LIST) {
            Schema<?> array = new ArraySchema().items(value);
            if (q.defaultValue() != null) {
                array.setDefault(List.of(defaultText(q.defaultValue())));
            }
            return array;
        }
        if (q.defaultValue() != null) {
            value.setDefault(defaultText(q.defaultValue()));
        }
        return value;
    }

    /** The JSON form of a default: numbers and booleans as they are, everything else as text. */
    private static Object defaultText(Object value) {
        return value instanceof Number || value instanceof Boolean ? value : value.toString();
    }

    private Schema<?> scalarSchema(ScalarType type) {
        return schema(type.type());
    }

    /** The schema for {@code type}; objects become components, referenced by $ref. */
    @SuppressWarnings("rawtypes")
    private Schema<?> schema(Type type) {
        ResolvedSchema resolved = converters.resolveAsResolvedSchema(new AnnotatedType(type).resolveAsRef(true));
        if (resolved == null || resolved.schema == null) {
            return new Schema<>();
        }
        for (var entry : resolved.referencedSchemas.entrySet()) {
            Schema component = entry.getValue();
            components.addSchemas(entry.getKey(), component);
        }
        return resolved.schema;
    }

    private static String join(String routePrefix, String path) {
        String prefix = routePrefix == null || routePrefix.equals("/") ? "" : routePrefix.replaceAll("/+$", "");
        if (path.equals("/")) {
            return prefix.isEmpty() ? "/" : prefix;
        }
        return prefix + path;
    }

    /** "readItem" and "read_item" become "Read Item", as FastAPI titles its operations. */
    static String humanize(String methodName) {
        String spaced = methodName.replace('_', ' ').replaceAll("(?<=[a-z0-9])(?=[A-Z])", " ").trim();
        var words = new StringBuilder();
        for (String word : spaced.split(" +")) {
            if (!words.isEmpty()) {
                words.append(' ');
            }
            words.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
        }
        return words.toString();
    }

    /**
     * A {@link JsonNode} is any JSON: no schema constrains it (an {@link ObjectNode} is an
     * object, an {@link ArrayNode} an array), where swagger-core would describe the node class's
     * getters.
     */
    private static final class JsonNodeSchemas implements ModelConverter {
        @Override
        public Schema<?> resolve(AnnotatedType type, ModelConverterContext context, Iterator<ModelConverter> chain) {
            JavaType javaType = Json.mapper().constructType(type.getType());
            if (JsonNode.class.isAssignableFrom(javaType.getRawClass())) {
                if (ObjectNode.class.isAssignableFrom(javaType.getRawClass())) {
                    return new ObjectSchema();
                }
                return ArrayNode.class.isAssignableFrom(javaType.getRawClass()) ? new ArraySchema().items(new Schema<>())
                        : new Schema<>();
            }
            return chain.hasNext() ? chain.next().resolve(type, context, chain) : null;
        }
    }
}
