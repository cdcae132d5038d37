package dev.trellis.core.internal.runtime;

import java.lang.invoke.MethodHandleInfo;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resolves a {@link FunctionRef} received from another node to the method it names on this
 * node's class path. Only classes outside the JDK's own packages may be named (so no message can
 * call {@code System.exit} or the like), and, when {@code trellis.code-packages} (system property)
 * or {@code TRELLIS_CODE_PACKAGES} lists package prefixes (comma-separated), only those.
 */
final class RemoteCode {
    private static final List<String> DENIED = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.", "org.apache.pekko.",
            "scala.");
    private static final ConcurrentHashMap<FunctionRef, Invocable> CACHE = new ConcurrentHashMap<>();

    private RemoteCode() {
    }

    static Invocable resolve(FunctionRef ref, ClassLoader loader) {
        return CACHE.computeIfAbsent(ref, r -> load(r, loader));
    }

    /** True if objects of {@code className} may be decoded here (the same rule as for code). */
    static boolean allowed(String className) {
        for (String denied : DENIED) {
            if (className.startsWith(denied)) {
                return className.startsWith("java.lang.") || className.startsWith("java.util.")
                        || className.startsWith("java.time.");
            }
        }
        return allowedByConfig(className);
    }

    private static boolean codeAllowed(String className) {
        for (String denied : DENIED) {
            if (className.startsWith(denied)) {
                return false;
            }
        }
        return allowedByConfig(className);
    }

    private static boolean allowedByConfig(String className) {
        String list = System.getProperty("trellis.code-packages", System.getenv("TRELLIS_CODE_PACKAGES"));
        if (list == null || list.isBlank()) {
            return true;
        }
        for (String prefix : list.split(",")) {
            if (!prefix.isBlank() && className.startsWith(prefix.trim())) {
                return true;
            }
        }
        return false;
    }

    private static Invocable load(FunctionRef ref, ClassLoader loader) {
        if (!codeAllowed(ref.className())) {
            throw new SecurityException("calls of " + ref.className() + " are not allowed from other nodes");
        }
        try {
            Class<?> owner = Class.forName(ref.className(), true, loader);
            MethodType type = MethodType.fromMethodDescriptorString(ref.signature(), loader);
            if (ref.kind() == MethodHandleInfo.REF_newInvokeSpecial) {
                Constructor<?> c = owner.getDeclaredConstructor(type.parameterArray());
                c.setAccessible(true);
                return args -> unwrap(() -> c.newInstance(args));
            }
            Method m = owner.getDeclaredMethod(ref.methodName(), type.parameterArray());
            m.setAccessible(true);
            if (ref.kind() == MethodHandleInfo.REF_invokeStatic) {
                return args -> unwrap(() -> m.invoke(null, args));
            }
            // An instance method: the first argument is the receiver (an actor, or a value for Fns::method refs).
            return args -> {
                Object[] rest = new Object[args.length - 1];
                System.arraycopy(args, 1, rest, 0, rest.length);
                return unwrap(() -> m.invoke(args[0], rest));
            };
        } catch (ReflectiveOperationException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot find " + ref.className() + "." + ref.methodName() + ref.signature()
                    + " on this node's class path: " + e, e);
        }
    }

    private interface Call {
        Object run() throws ReflectiveOperationException;
    }

    private static Object unwrap(Call call) throws Exception {
        try {
            return call.run();
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Exception ex) {
                throw ex;
            }
            throw e;
        }
    }
}
