package dev.trellis.serve.graph;

import dev.trellis.serve.DeploymentResponse;
import dev.trellis.serve.InvalidInputException;
import dev.trellis.serve.internal.handle.MethodInvoker;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;

/**
 * A validated graph in execution order: each step calls a method of one of the graph's
 * deployments ({@code target} indexes {@link DeploymentGraph#deployments()}) on parts of the
 * input, earlier steps' results and plain values. Execution dispatches every step at once,
 * passing earlier responses as arguments, so independent branches run in parallel and each
 * step starts as soon as its own inputs are ready.
 */
record GraphPlan(List<Step> steps) {

    record Step(int target, Method method, List<Arg> args, String label) {
    }

    sealed interface Arg {
    }

    /** The whole input, or its element {@code index}, or its field {@code key}. */
    record InputArg(int index, String key) implements Arg {
    }

    record StepArg(int step) implements Arg {
    }

    record ValueArg(Object value) implements Arg {
    }

    /** Starts every step; returns the last step's response. */
    DeploymentResponse<Object> execute(Object input, List<? extends MethodInvoker> targets) {
        DeploymentResponse<?>[] results = new DeploymentResponse<?>[steps.size()];
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            Object[] args = new Object[step.args().size()];
            for (int a = 0; a < args.length; a++) {
                args[a] = switch (step.args().get(a)) {
                    case InputArg in -> part(input, in);
                    case StepArg s -> results[s.step()];
                    case ValueArg v -> v.value();
                };
            }
            results[i] = targets.get(step.target()).invoke(step.method(), args);
        }
        @SuppressWarnings("unchecked")
        DeploymentResponse<Object> output = (DeploymentResponse<Object>) results[results.length - 1];
        return output;
    }

    private static Object part(Object input, InputArg arg) {
        if (arg.index() < 0 && arg.key() == null) {
            return input;
        }
        if (arg.key() != null) {
            if (!(input instanceof Map<?, ?> map)) {
                throw new InvalidInputException("the graph takes field '" + arg.key()
                        + "' of its input, so the input must be a JSON object, was " + describe(input));
            }
            if (!map.containsKey(arg.key())) {
                throw new InvalidInputException("the graph's input has no field '" + arg.key() + "'; fields: "
                        + map.keySet());
            }
            return map.get(arg.key());
        }
        if (!(input instanceof List<?> list)) {
            throw new InvalidInputException("the graph takes element " + arg.index()
                    + " of its input, so the input must be a JSON array, was " + describe(input));
        }
        if (arg.index() >= list.size()) {
            throw new InvalidInputException("the graph takes element " + arg.index() + " of its input, which has "
                    + list.size() + " element(s)");
        }
        return list.get(arg.index());
    }

    private static String describe(Object value) {
        return switch (value) {
            case null -> "null";
            case List<?> l -> "a JSON array";
            case Map<?, ?> m -> "a JSON object";
            case String s -> "a string";
            case Number n -> "a number";
            case Boolean b -> "a boolean";
            default -> value.getClass().getSimpleName();
        };
    }
}
