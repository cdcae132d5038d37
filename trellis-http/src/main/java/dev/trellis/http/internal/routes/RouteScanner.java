package dev.trellis.http.internal.routes;

import dev.trellis.http.Request;
import dev.trellis.http.internal.routes.ParameterBinder.Arity;
import dev.trellis.http.routes.Delete;
import dev.trellis.http.routes.Get;
import dev.trellis.http.routes.PathParam;
import dev.trellis.http.routes.Post;
import dev.trellis.http.routes.Put;
import dev.trellis.http.routes.QueryParam;
import dev.trellis.serve.internal.batch.BatchMethods;
import dev.trellis.serve.internal.invoke.CallSignature;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the routes of an ingress class from its annotated methods and checks them, so that a
 * mistake fails when the application is built, not on the first request: every problem is an
 * {@link IllegalArgumentException} naming the class, the method, its route and what is wrong.
 */
final class RouteScanner {
    private static final String SUPPORTED_SCALARS = "String, primitives and their boxes, enums, UUID, BigDecimal";

    private RouteScanner() {
    }

    /** Whether {@code method} carries a route annotation. */
    static boolean isRoute(Method method) {
        return method.isAnnotationPresent(Get.class) || method.isAnnotationPresent(Post.class)
                || method.isAnnotationPresent(Put.class) || method.isAnnotationPresent(Delete.class);
    }

    /** The routes of {@code cls}, in the order of its methods' names (then HTTP method). */
    static List<Route> scan(Class<?> cls) {
        requireAnnotatedMethodsPublic(cls);
        var routes = new ArrayList<Route>();
        var methods = new ArrayList<Method>();
        for (Method method : cls.getMethods()) {
            if (!method.isBridge() && !method.isSynthetic() && isRoute(method)) {
                methods.add(method);
            }
        }
        methods.sort(Comparator.comparing(Method::getName).thenComparing(Method::toGenericString));
        for (Method method : methods) {
            if (Modifier.isStatic(method.getModifiers())) {
                throw new IllegalArgumentException(where(cls, method) + ": a route method must not be static");
            }
            for (Annotation annotation : method.getAnnotations()) {
                switch (annotation) {
                    case Get g -> routes.add(route(cls, method, "GET", g.value(), g.summary()));
                    case Post p -> routes.add(route(cls, method, "POST", p.value(), p.summary()));
                    case Put p -> routes.add(route(cls, method, "PUT", p.value(), p.summary()));
                    case Delete d -> routes.add(route(cls, method, "DELETE", d.value(), d.summary()));
                    default -> { }
                }
            }
        }
        return routes;
    }

    private static Route route(Class<?> cls, Method method, String httpMethod, String templateText, String summary) {
        String where = where(cls, method) + " (" + httpMethod + " " + templateText + ")";
        PathTemplate template;
        try {
            template = PathTemplate.parse(templateText);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
        var binders = new ArrayList<ParameterBinder>();
        Set<String> boundVariables = new LinkedHashSet<>();
        Parameter body = null;
        Parameter[] parameters = method.getParameters();
        Type[] callTypes = CallSignature.parameterTypes(method);
        for (int i = 0; i < parameters.length; i++) {
            Parameter parameter = parameters[i];
            ParameterBinder binder = binder(where, template, parameter, callTypes[i]);
            if (binder instanceof ParameterBinder.PathValue p && !boundVariables.add(p.name())) {
                throw new IllegalArgumentException(where + ": path variable {" + p.name()
                        + "} is bound by more than one @PathParam");
            }
            if (binder instanceof ParameterBinder.Body) {
                if (body != null) {
                    throw new IllegalArgumentException(where + ": more than one body parameter ('" + body.getName()
                            + "' and '" + parameter.getName() + "'); a route takes at most one JSON body, every"
                            + " other parameter needs @PathParam or @QueryParam");
                }
                body = parameter;
            }
            binders.add(binder);
        }
        for (String variable : template.variables()) {
            if (!boundVariables.contains(variable)) {
                throw new IllegalArgumentException(where + ": path variable {" + variable
                        + "} has no parameter; add one annotated @PathParam(\"" + variable + "\")");
            }
        }
        return new Route(httpMethod, template, method, binders, summary);
    }

    /** Binds {@code parameter}, whose type in one call is {@code type} (the element type, for a {@code @Batch} method). */
    private static ParameterBinder binder(String where, PathTemplate template, Parameter parameter, Type type) {
        PathParam path = parameter.getAnnotation(PathParam.class);
        QueryParam query = parameter.getAnnotation(QueryParam.class);
        if (path != null && query != null) {
            throw new IllegalArgumentException(where + ": parameter '" + parameter.getName()
                    + "' has both @PathParam and @QueryParam");
        }
        if (path != null) {
            return pathValue(where, template, parameter, type, path);
        }
        if (query != null) {
            return queryValue(where, parameter, type, query);
        }
        if (BatchMethods.raw(type) == Request.class) {
            return new ParameterBinder.WholeRequest();
        }
        return body(where, parameter, type);
    }

    private static ParameterBinder pathValue(String where, PathTemplate template, Parameter parameter, Type declared,
                                             PathParam path) {
        String name = path.value().isEmpty() ? parameter.getName() : path.value();
        if (!template.variables().contains(name)) {
            throw new IllegalArgumentException(where + ": @PathParam '" + name + "' is not a variable of the path"
                    + " template (its variables: " + template.variables() + ")" + nameHint(parameter, path.value()));
        }
        ScalarType type = ScalarType.of(BatchMethods.raw(declared));
        if (type == null) {
            throw new IllegalArgumentException(where + ": @PathParam '" + name + "' has unsupported type "
                    + declared.getTypeName() + "; supported: " + SUPPORTED_SCALARS);
        }
        return new ParameterBinder.PathValue(name, type);
    }

    private static ParameterBinder queryValue(String where, Parameter parameter, Type declared, QueryParam query) {
        String name = query.value().isEmpty() ? parameter.getName() : query.value();
        Class<?> raw = BatchMethods.raw(declared);
        Arity arity = raw == Optional.class ? Arity.OPTIONAL : raw == List.class ? Arity.LIST : Arity.SINGLE;
        Class<?> valueType = arity == Arity.SINGLE ? raw : typeArgument(declared);
        ScalarType type = valueType == null ? null : ScalarType.of(valueType);
        if (type == null) {
            throw new IllegalArgumentException(where + ": @QueryParam '" + name + "' has unsupported type "
                    + declared.getTypeName() + "; supported: " + SUPPORTED_SCALARS
                    + ", and Optional or List of them");
        }
        Object defaultValue = null;
        if (!query.defaultValue().isEmpty()) {
            try {
                defaultValue = type.parse(query.defaultValue());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": @QueryParam '" + name + "' has a defaultValue that"
                        + " does not convert: " + e.getMessage(), e);
            }
        }
        return new ParameterBinder.QueryValue(name, type, arity, defaultValue);
    }

    private static ParameterBinder body(String where, Parameter parameter, Type declared) {
        boolean optional = BatchMethods.raw(declared) == Optional.class;
        Type bodyType = optional && declared instanceof ParameterizedType p ? p.getActualTypeArguments()[0] : declared;
        Class<?> raw = optional ? typeArgument(declared) : BatchMethods.raw(declared);
        if (raw == null || hasTypeVariable(bodyType)) {
            throw new IllegalArgumentException(where + ": parameter '" + parameter.getName() + "' has type "
                    + declared.getTypeName() + ", which names no concrete type to read the JSON body as");
        }
        if (ScalarType.of(raw) != null) {
            throw new IllegalArgumentException(where + ": parameter '" + parameter.getName() + "' of type "
                    + declared.getTypeName() + " has no annotation; annotate it @PathParam or @QueryParam (only"
                    + " the JSON body, a record, POJO, collection, map or JsonNode, goes without one)");
        }
        return new ParameterBinder.Body(JsonBodyReader.MAPPER.constructType(bodyType), bodyType, optional);
    }

    /** The raw class of a one-argument generic type's argument ({@code X} in {@code Optional<X>}), or null. */
    private static Class<?> typeArgument(Type type) {
        if (type instanceof ParameterizedType p && p.getActualTypeArguments().length == 1) {
            Type argument = p.getActualTypeArguments()[0];
            if (argument instanceof Class<?> c) {
                return c;
            }
            if (argument instanceof ParameterizedType inner && inner.getRawType() instanceof Class<?> c) {
                return c;
            }
        }
        return null;
    }

    private static boolean hasTypeVariable(Type type) {
        return switch (type) {
            case TypeVariable<?> _ -> true;
            case WildcardType w -> Arrays.stream(w.getUpperBounds()).anyMatch(RouteScanner::hasTypeVariable);
            case ParameterizedType p -> Arrays.stream(p.getActualTypeArguments())
                    .anyMatch(RouteScanner::hasTypeVariable);
            default -> false;
        };
    }

    private static String nameHint(Parameter parameter, String explicitName) {
        return explicitName.isEmpty() && !parameter.isNamePresent()
                ? "; parameter names are not in the class file: compile with -parameters or name it in the annotation"
                : "";
    }

    /** Whether {@code cls} or a superclass declares a route method, public or not. */
    static boolean hasAnnotatedMethod(Class<?> cls) {
        return Arrays.stream(cls.getMethods()).anyMatch(RouteScanner::isRoute) || !nonPublicRoutes(cls).isEmpty();
    }

    /** Non-public methods are invisible to the proxy; marking one is a mistake worth reporting. */
    private static void requireAnnotatedMethodsPublic(Class<?> cls) {
        List<Method> hidden = nonPublicRoutes(cls);
        if (!hidden.isEmpty()) {
            throw new IllegalArgumentException(where(cls, hidden.getFirst()) + ": a route method must be public");
        }
    }

    private static List<Method> nonPublicRoutes(Class<?> cls) {
        var found = new ArrayList<Method>();
        for (Class<?> c = cls; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Method method : c.getDeclaredMethods()) {
                if (isRoute(method) && !Modifier.isPublic(method.getModifiers())) {
                    found.add(method);
                }
            }
        }
        return found;
    }

    private static String where(Class<?> cls, Method method) {
        return cls.getName() + "." + method.getName();
    }
}
