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
        for (Type t : function.getClass().getGenericInterfaces()) {
            if (t instanceof ParameterizedType p && p.getRawType() == ServeFunction.class) {
                return p.getActualTypeArguments()[0];
            }
        }
        try {
            var lambda = MethodRefs.serializedForm(function);
            MethodType type = MethodType.fromMethodDescriptorString(lambda.getInstantiatedMethodType(),
                    function.getClass().getClassLoader());
            return type.parameterCount() == 1 ? type.parameterType(0) : Object.class;
        } catch (IllegalArgumentException | TypeNotPresentException e) {
            return Object.class;
        }
    }
}
