package dev.trellis.examples.graph;

import dev.trellis.http.BadRequestException;
import dev.trellis.serve.DeploymentHandle;

/**
 * Seed 000's combiner: merges the two preprocessed parts of one request, sends them to the
 * {@link Model} it holds a handle to, and lets the request's operation decide the shape of
 * the answer (control flow inside a graph node). The model's result is awaited here, so the
 * answer is fully resolved: {@code sum((1 * (5 + 1.5)))}, not a reference to a future result.
 * Any operation but "sum" and "max" is a bad request (HTTP 400).
 */
public final class Combiner {
    private final DeploymentHandle<Model> model;

    public Combiner(DeploymentHandle<Model> model) {
        this.model = model;
    }

    public String run(int part1, double part2, String operation) {
        String request = "(" + part1 + " + " + part2 + ")";
        String result = model.remote(Model::forward, request).result();
        return switch (operation) {
            case "sum" -> "sum(" + result + ")";
            case "max" -> "max(" + result + ")";
            case null, default -> throw new BadRequestException("operation must be \"sum\" or \"max\", was "
                    + (operation == null ? "null" : "\"" + operation + "\""));
        };
    }
}
