package dev.trellis.data.internal.plan;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.trellis.core.internal.runtime.FunctionRef;
import dev.trellis.core.internal.runtime.PortableFunctions;
import java.io.Serializable;

/**
 * A user's function inside a plan: in the JVM that built the plan, the function object itself;
 * on another node, the method its {@link FunctionRef} names (a lambda that captures values has
 * none and cannot be sent: encoding fails naming the operator).
 */
public final class PortableFn {
    private final FunctionRef ref;
    private final String operator;
    @JsonIgnore
    private final transient Serializable fn;

    private PortableFn(FunctionRef ref, String operator, Serializable fn) {
        this.ref = ref;
        this.operator = operator;
        this.fn = fn;
    }

    @JsonCreator
    static PortableFn decoded(@JsonProperty("ref") FunctionRef ref, @JsonProperty("operator") String operator) {
        return new PortableFn(ref, operator, null);
    }

    /** Wraps {@code fn}, the function of {@code operator} (for messages). */
    public static PortableFn of(Serializable fn, String operator) {
        return new PortableFn(PortableFunctions.describe(java.util.Objects.requireNonNull(fn, operator)), operator, fn);
    }

    @JsonProperty("ref")
    FunctionRef refForEncoding() {
        if (ref == null) {
            throw new IllegalStateException("the function of " + operator + " is a lambda that captures values, so it"
                    + " cannot run on another node: use a method reference or a lambda that captures nothing");
        }
        return ref;
    }

    @JsonProperty("operator")
    public String operator() {
        return operator;
    }

    /** A short name of the function: {@code Fns.normalise}. */
    public String displayName() {
        return ref == null ? "lambda" : ref.displayName();
    }

    /**
     * Calls it with {@code args}: here the object itself ({@code local} casts it to its interface
     * and calls it), elsewhere the method its descriptor names.
     */
    public Object call(Object[] args, LocalCall local) throws Exception {
        return fn != null ? local.call(fn, args) : PortableFunctions.call(ref, args);
    }

    /** How to call the function object in the JVM that made it. */
    @FunctionalInterface
    public interface LocalCall {
        Object call(Serializable fn, Object[] args) throws Exception;
    }
}
