package dev.trellis.serve.internal.invoke;

import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.trellis.core.internal.serialization.StrictCoercion;
import dev.trellis.serve.InvalidInputException;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Binds a call's arguments to the types its method declares, just before the method runs on
 * its replica. An argument that already is of its declared type, elements of declared
 * collections included, passes as it is (the common case, and the only cost: an instance check
 * per argument). One that is not is converted with the {@link StrictCoercion} rules, the same
 * the message serializer decodes by (a map into a record, an {@code Integer} into a
 * {@code long}, a list of numbers into a {@code List<Double>}); one that cannot be is bad input:
 * an {@link InvalidInputException} (over HTTP, a 400) naming the method, the argument's position
 * and name, where inside it the problem is, the type expected and what came.
 *
 * <p>Such values come from callers that choose the method at run time (the HTTP proxy, a
 * deployment graph passing its input's parts and upstream results on, function deployments
 * declared on {@code Object}) or from a message decoded without the caller's classes. A typed
 * {@code handle.remote(Model::forward, x)} call always passes.
 *
 * <p>Conversion may run user code (a record's constructor checking its values), so {@link #bind}
 * runs where user code may: on the replica's virtual thread. Immutable and thread-safe.
 */
public final class ArgumentBinder {
    private static final ObjectMapper JSON = StrictCoercion.apply(JsonMapper.builder()).findAndAddModules().build();
    private static final Map<Method, ArgumentBinder> BY_METHOD = new ConcurrentHashMap<>();

    private final String target;
    private final ParameterBinding[] parameters;

    private ArgumentBinder(String target, ParameterBinding[] parameters) {
        this.target = target;
        this.parameters = parameters;
    }

    /** The binder for one call of {@code method} (for a {@code @Batch} method: its one item, see {@link CallSignature}). */
    public static ArgumentBinder of(Method method) {
        return BY_METHOD.computeIfAbsent(method, ArgumentBinder::create);
    }

    /** The binder for the input of function deployment {@code name}, which takes {@code input}. */
    public static ArgumentBinder forFunction(String name, Type input) {
        return new ArgumentBinder("function deployment " + name,
                new ParameterBinding[] {new ParameterBinding("input", input, JSON.constructType(input))});
    }

    private static ArgumentBinder create(Method method) {
        Type[] types = CallSignature.parameterTypes(method);
        var declared = method.getParameters();
        var parameters = new ParameterBinding[types.length];
        for (int i = 0; i < types.length; i++) {
            String name = declared.length == types.length && declared[i].isNamePresent()
                    ? " ('" + declared[i].getName() + "')" : "";
            parameters[i] = new ParameterBinding("argument " + (i + 1) + name, types[i], JSON.constructType(types[i]));
        }
        return new ArgumentBinder(method.getDeclaringClass().getSimpleName() + "." + method.getName(), parameters);
    }

    /**
     * {@code args} bound to the declared types: the same array when every argument already
     * conforms, else a copy with the converted ones.
     *
     * @throws InvalidInputException naming the argument when one is missing, extra or of a type it cannot be bound to
     */
    public Object[] bind(Object[] args) {
        if (args.length != parameters.length) {
            throw new InvalidInputException(target + " takes " + parameters.length + " argument(s), got " + args.length);
        }
        Object[] bound = args;
        for (int i = 0; i < args.length; i++) {
            ParameterBinding p = parameters[i];
            if (TypeConformance.conforms(args[i], p.type())) {
                continue;
            }
            if (bound == args) {
                bound = args.clone();
            }
            bound[i] = convert(p, args[i]);
        }
        return bound;
    }

    private Object convert(ParameterBinding p, Object value) {
        if (value == null) {
            throw new InvalidInputException(where(p, "") + "expected " + TypeNames.of(p.type()) + ", got null");
        }
        try {
            return JSON.convertValue(value, p.javaType());
        } catch (IllegalArgumentException e) {
            throw describe(p, value, e.getCause() == null ? e : e.getCause());
        }
    }

    private InvalidInputException describe(ParameterBinding p, Object value, Throwable failure) {
        if (failure instanceof ValueInstantiationException v && v.getCause() instanceof InvalidInputException invalid) {
            return invalid; // the type's constructor refused the values, and said why
        }
        String path = "";
        Object leaf = value;
        String expected = TypeNames.of(p.type());
        if (failure instanceof JsonMappingException m) {
            path = ValuePaths.path(m.getPath());
            leaf = ValuePaths.at(value, m.getPath());
            if (m instanceof MismatchedInputException mi && mi.getTargetType() != null && !path.isEmpty()) {
                expected = TypeNames.of(mi.getTargetType());
            }
            if (m instanceof ValueInstantiationException v) {
                Throwable cause = v.getCause() == null ? v : v.getCause();
                return new InvalidInputException(where(p, path) + "invalid " + expected + ": "
                        + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage()));
            }
        }
        if (leaf == ValuePaths.MISSING) {
            return new InvalidInputException(where(p, path) + "missing (expected " + expected + ")");
        }
        if (failure instanceof InputCoercionException c) {
            return new InvalidInputException(where(p, path) + "expected "
                    + (c.getTargetType() == null ? expected : TypeNames.of(c.getTargetType()))
                    + ", got " + ValuePaths.describe(leaf) + ", which is out of its range");
        }
        return new InvalidInputException(where(p, path) + "expected " + expected + ", got "
                + ValuePaths.describe(leaf));
    }

    /** "Combiner.run argument 1 ('part1'), at [0]: ". */
    private String where(ParameterBinding p, String path) {
        return target + " " + p.label() + (path.isEmpty() ? "" : ", at " + path) + ": ";
    }

    /**
     * One declared parameter: how messages name it ("argument 1 ('part1')", with its name when
     * compiled with {@code -parameters}; "input" for a function), its type and Jackson's view of it.
     */
    private record ParameterBinding(String label, Type type, JavaType javaType) {
    }
}
