package dev.trellis.serve.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.trellis.serve.Application;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Resolves an import path, Ray Serve's way of naming an application in a config file or on the
 * command line, written {@code "com.example.Apps:member"} in Java. The member is either
 * <ul>
 *   <li>a public static field of type {@link Application}, or</li>
 *   <li>an <em>application builder</em>: a public static method returning {@link Application}
 *       that takes no parameter, or one parameter receiving the {@code args} converted with
 *       Jackson (a {@code Map<String, Object>}, a {@code JsonNode}, a record...).</li>
 * </ul>
 * When {@code args} are given the member must be a one-parameter builder; without them a
 * one-parameter builder receives an empty mapping, as Ray calls builders with {@code {}}.
 * Nested classes may be written {@code Outer.Inner} or {@code Outer$Inner}.
 *
 * <p>Classes are loaded with the thread's context class loader and initialised. Import paths
 * come from whoever operates Serve (a config file, the command line, the admin API, which is
 * loopback-only or token-protected), never from the requests the HTTP proxy serves.
 */
public final class ImportPaths {
    private static final ObjectMapper ARGS_MAPPER = JsonMapper.builder().build();
    private static final String FORM = "'com.example.Apps:member'";

    private ImportPaths() {
    }

    /**
     * The application {@code importPath} names, built with {@code args} (or {@code null}).
     *
     * @throws ConfigException naming the import path and what is wrong with it
     */
    public static Application<?> resolve(String importPath, JsonNode args) {
        try {
            return resolveOrFail(importPath, args);
        } catch (Failure f) {
            throw new ConfigException("import path '" + importPath + "'",
                    List.of(new ConfigProblem(f.key, 0, f.getMessage())));
        }
    }

    /** Like {@link #resolve} but with the failure's config key ("import_path" or "args") kept apart. */
    static Application<?> resolveOrFail(String importPath, JsonNode args) throws Failure {
        int colon = importPath == null ? -1 : importPath.indexOf(':');
        if (colon <= 0 || colon != importPath.lastIndexOf(':')) {
            throw new Failure("import_path", "must look like " + FORM + ", was " + quote(importPath));
        }
        String className = importPath.substring(0, colon).strip();
        String member = importPath.substring(colon + 1).strip();
        if (!isIdentifier(member)) {
            throw new Failure("import_path", "the member after ':' must be a Java identifier (" + FORM
                    + "), was " + quote(importPath));
        }
        return resolveMember(loadClass(className, "import_path"), member, args);
    }

    /**
     * Loads and initialises {@code className} the way import paths do ({@code a.Outer.Inner} is
     * also tried as {@code a.Outer$Inner}); a failure blames config key {@code key}.
     */
    static Class<?> loadClass(String className, String key) throws Failure {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = ImportPaths.class.getClassLoader();
        }
        // "a.Outer.Inner" is tried as written, then as "a.Outer$Inner".
        String candidate = className;
        while (true) {
            try {
                return Class.forName(candidate, true, loader);
            } catch (ClassNotFoundException e) {
                int dot = candidate.lastIndexOf('.');
                if (dot < 0) {
                    throw new Failure(key, "class '" + className + "' not found on the class path");
                }
                candidate = candidate.substring(0, dot) + '$' + candidate.substring(dot + 1);
            } catch (ExceptionInInitializerError e) {
                throw new Failure(key, "class '" + candidate + "' failed to initialize: "
                        + describe(e.getCause()));
            } catch (LinkageError e) {
                throw new Failure(key, "class '" + candidate + "' could not be loaded: " + describe(e));
            }
        }
    }

    private static Application<?> resolveMember(Class<?> cls, String member, JsonNode args) throws Failure {
        String where = cls.getName() + "." + member;
        Field field = publicStaticField(cls, member, where);
        List<Method> builders = Arrays.stream(cls.getMethods())
                .filter(m -> m.getName().equals(member) && Modifier.isStatic(m.getModifiers()))
                .toList();
        Method noParameter = onlyBuilder(builders, 0, where);
        Method oneParameter = onlyBuilder(builders, 1, where);
        if (args == null) {
            if (field != null) {
                return fieldValue(field, where);
            }
            if (noParameter != null) {
                return invoke(noParameter, where);
            }
            if (oneParameter != null) {
                return invoke(oneParameter, where, ARGS_MAPPER.createObjectNode());
            }
        } else {
            if (oneParameter != null) {
                return invoke(oneParameter, where, args);
            }
            if (field != null || noParameter != null) {
                throw new Failure("args", "args were given, but " + where + " is "
                        + (field != null ? "a field" : "a method without parameters")
                        + "; args need an application builder: a public static method with one parameter");
            }
        }
        if (!builders.isEmpty()) {
            throw new Failure("import_path", "method " + where + " takes " + builders.getFirst().getParameterCount()
                    + " parameters; an application builder takes none or one (the args)");
        }
        throw new Failure("import_path", notFoundMessage(cls, member, where));
    }

    private static Field publicStaticField(Class<?> cls, String member, String where) throws Failure {
        Field field;
        try {
            field = cls.getField(member);
        } catch (NoSuchFieldException e) {
            return null;
        }
        if (!Modifier.isStatic(field.getModifiers())) {
            throw new Failure("import_path", "field " + where + " is not static");
        }
        if (!Application.class.isAssignableFrom(field.getType())) {
            throw new Failure("import_path", "field " + where + " has type " + field.getType().getName()
                    + ", not " + Application.class.getName());
        }
        return field;
    }

    private static Method onlyBuilder(List<Method> methods, int parameterCount, String where) throws Failure {
        var matching = methods.stream().filter(m -> m.getParameterCount() == parameterCount).toList();
        if (matching.size() > 1) {
            throw new Failure("import_path", "method " + where + " is overloaded with " + parameterCount
                    + " parameter(s); an import path needs exactly one such method");
        }
        return matching.isEmpty() ? null : matching.getFirst();
    }

    private static Application<?> fieldValue(Field field, String where) throws Failure {
        try {
            return nonNull(field.get(null), "field " + where + " is null");
        } catch (IllegalAccessException e) {
            throw new Failure("import_path", "cannot read " + where + ": its class must be public");
        }
    }

    private static Application<?> invoke(Method method, String where, Object... parameters) throws Failure {
        if (!Application.class.isAssignableFrom(method.getReturnType())) {
            throw new Failure("import_path", "method " + where + " returns " + method.getReturnType().getName()
                    + ", not " + Application.class.getName());
        }
        if (parameters.length == 1) {
            parameters[0] = convertArgs((JsonNode) parameters[0], method.getGenericParameterTypes()[0], where);
        }
        try {
            return nonNull(method.invoke(null, parameters), "method " + where + " returned null");
        } catch (IllegalAccessException e) {
            throw new Failure("import_path", "cannot call " + where + ": its class must be public");
        } catch (InvocationTargetException e) {
            throw new Failure("import_path", "calling " + where + " failed: " + describe(e.getCause()));
        }
    }

    private static Object convertArgs(JsonNode args, Type type, String where) throws Failure {
        try {
            return ARGS_MAPPER.convertValue(args, ARGS_MAPPER.constructType(type));
        } catch (IllegalArgumentException e) {
            String why = e.getCause() instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new Failure("args", "cannot convert args " + abbreviate(args.toString()) + " to the parameter "
                    + type.getTypeName() + " of " + where + ": " + why);
        }
    }

    private static Application<?> nonNull(Object value, String message) throws Failure {
        if (value == null) {
            throw new Failure("import_path", message);
        }
        return (Application<?>) value;
    }

    private static String notFoundMessage(Class<?> cls, String member, String where) {
        boolean declared = Stream.concat(Arrays.stream(cls.getDeclaredFields()).map(Field::getName),
                        Arrays.stream(cls.getDeclaredMethods()).map(Method::getName))
                .anyMatch(member::equals);
        if (declared) {
            return where + " must be public and static";
        }
        var candidates = Stream.concat(
                        Arrays.stream(cls.getFields())
                                .filter(f -> Modifier.isStatic(f.getModifiers())
                                        && Application.class.isAssignableFrom(f.getType()))
                                .map(Field::getName),
                        Arrays.stream(cls.getMethods())
                                .filter(m -> Modifier.isStatic(m.getModifiers()) && m.getParameterCount() <= 1
                                        && Application.class.isAssignableFrom(m.getReturnType()))
                                .map(m -> m.getName() + (m.getParameterCount() == 0 ? "()" : "(args)")))
                .distinct().sorted().toList();
        return "class " + cls.getName() + " has no public static field or method named '" + member + "'"
                + (candidates.isEmpty() ? "" : "; its application members: " + String.join(", ", candidates));
    }

    private static boolean isIdentifier(String s) {
        if (s.isEmpty() || !Character.isJavaIdentifierStart(s.charAt(0))) {
            return false;
        }
        return s.chars().skip(1).allMatch(Character::isJavaIdentifierPart);
    }

    private static String describe(Throwable t) {
        if (t == null) {
            return "unknown cause";
        }
        return t.getMessage() == null ? t.getClass().getName() : t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    private static String quote(String s) {
        return s == null ? "null" : "\"" + s + "\"";
    }

    static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }

    /** Why an import path cannot be resolved, with the config key to blame. */
    static final class Failure extends Exception {
        final String key;

        Failure(String key, String message) {
            super(message, null, false, false);
            this.key = key;
        }
    }
}
