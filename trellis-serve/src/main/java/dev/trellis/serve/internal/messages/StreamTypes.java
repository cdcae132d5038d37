package dev.trellis.serve.internal.messages;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.type.TypeFactory;
import dev.trellis.serve.ResultStream;
import dev.trellis.serve.internal.invoke.CallSignature;
import java.lang.reflect.Method;
import java.util.Iterator;
import java.util.stream.Stream;

/** The Java types of a streaming method's items and header, from its declared return type (per call: {@link CallSignature}). */
final class StreamTypes {
    private StreamTypes() {
    }

    static JavaType itemType(TypeFactory types, Method method) {
        JavaType result = types.constructType(CallSignature.returnType(method));
        for (Class<?> streamType : new Class<?>[] {ResultStream.class, Stream.class, Iterator.class, Iterable.class}) {
            if (result.isTypeOrSubTypeOf(streamType)) {
                JavaType[] params = result.findTypeParameters(streamType);
                return params.length == 1 ? params[0] : types.constructType(Object.class);
            }
        }
        return result;
    }

    static JavaType headerType(TypeFactory types, Method method) {
        Class<?> returned = CallSignature.rawReturnType(method);
        try {
            return types.constructType(returned.getMethod("header").getGenericReturnType());
        } catch (NoSuchMethodException e) {
            return types.constructType(Object.class);
        }
    }
}
