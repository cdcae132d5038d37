package dev.trellis.serve.internal.invoke;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;

/**
 * Names one method by declaring class, name and parameter type names: what a handle call puts
 * on the wire instead of the method reference itself. Resolving a key never loads a class
 * named by it; see {@link MethodResolver}.
 */
public record MethodKey(String className, String methodName, List<String> parameterTypes) {

    public MethodKey {
        parameterTypes = List.copyOf(parameterTypes);
    }

    public static MethodKey of(Method m) {
        return new MethodKey(m.getDeclaringClass().getName(), m.getName(),
                Arrays.stream(m.getParameterTypes()).map(Class::getName).toList());
    }

    /** "Model.forward(java.lang.String)". */
    public String display() {
        String simple = className.substring(className.lastIndexOf('.') + 1);
        return simple + "." + methodName + "(" + String.join(", ", parameterTypes) + ")";
    }
}
