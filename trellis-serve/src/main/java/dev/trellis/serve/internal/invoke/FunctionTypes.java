package dev.trellis.serve.internal.invoke;

import dev.trellis.serve.ServeFunction;
import java.lang.invoke.MethodHandleInfo;
import java.lang.invoke.MethodType;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Method;
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
            ClassLoader loader = function.getClass().getClassLoader();
            MethodType type = MethodType.fromMethodDescriptorString(lambda.getInstantiatedMethodType(), loader);
            if (type.parameterCount() != 1) {
                return Object.class;
            }
            Class<?> erased = which == 0 ? type.parameterType(0) : type.returnType();
            Type generic = referencedMethodType(lambda, loader, which);
            return generic != null && erasure(generic) == erased ? generic : erased;
        } catch (IllegalArgumentException | TypeNotPresentException e) {
            return Object.class;
        }
    }

    /**
     * For a reference to a static one-argument method ({@code Preprocessors::average}), that
     * method's generic parameter or return type ({@code List<? extends Number>}), which the
     * lambda's own erased signature lost; null for lambdas and other references, whose
     * implementation methods carry no generic signature.
     */
    private static Type referencedMethodType(SerializedLambda lambda, ClassLoader loader, int which) {
        if (lambda.getImplMethodKind() != MethodHandleInfo.REF_invokeStatic || lambda.getCapturedArgCount() != 0
                || lambda.getImplMethodName().startsWith("lambda$")) {
            return null;
        }
        try {
            Class<?> owner = Class.forName(lambda.getImplClass().replace('/', '.'), false, loader);
            MethodType signature = MethodType.fromMethodDescriptorString(lambda.getImplMethodSignature(), loader);
            if (signature.parameterCount() != 1) {
                return null;
            }
            Method method = owner.getDeclaredMethod(lambda.getImplMethodName(), signature.parameterArray());
            return which == 0 ? method.getGenericParameterTypes()[0] : method.getGenericReturnType();
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }

    private static Class<?> erasure(Type type) {
        return switch (type) {
            case Class<?> c -> c;
            case ParameterizedType p when p.getRawType() instanceof Class<?> c -> c;
            default -> null;
        };
    }
}
