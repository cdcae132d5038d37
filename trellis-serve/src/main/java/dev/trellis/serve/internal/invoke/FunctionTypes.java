package dev.trellis.serve.internal.invoke;

import dev.trellis.serve.ServeFunction;
import java.lang.invoke.MethodType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;

/**
 * The input type of a function deployment. {@code ServeFunction.apply} is declared on
 * {@code Object}, so a call that crossed a serializer, or an HTTP body, arrives as a JSON value
 * (a map, a list, a number); the replica converts it to what the function really takes, read
 * from the lambda's instantiated type or the implementing class's type arguments.
 */
public final class FunctionTypes {
    private FunctionTypes() {
    }

    /** The input type, or {@code Object.class} when it cannot be known. */
    public static Type inputType(ServeFunction<?, ?> function) {
        return typeArgument(function, 0);
    }

    /** The output type, or {@code Object.class} when it cannot be known. */
    public static Type outputType(ServeFunction<?, ?> function) {
        return typeArgument(function, 1);
    }

    private static Type typeArgument(ServeFunction<?, ?> function, int which) {
        for (Type t : function.getClass().getGenericInterfaces()) {
            if (t instanceof ParameterizedType p && p.getRawType() == ServeFunction.class) {
                return p.getActualTypeArguments()[which];
            }
        }
        try {
            var lambda = MethodRefs.serializedForm(function);
            MethodType type = MethodType.fromMethodDescriptorString(lambda.getInstantiatedMethodType(),
                    function.getClass().getClassLoader());
            if (type.parameterCount() != 1) {
                return Object.class;
            }
            return which == 0 ? type.parameterType(0) : type.returnType();
        } catch (IllegalArgumentException | TypeNotPresentException e) {
            return Object.class;
        }
    }
}
