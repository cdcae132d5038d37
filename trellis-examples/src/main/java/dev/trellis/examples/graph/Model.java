package dev.trellis.examples.graph;

import java.time.Duration;

/**
 * Seed 000's model: instantiated with an initial weight, its forward pass takes 0.3 s and
 * returns a description of what it computed.
 */
public final class Model {
    /** How long one forward pass takes. */
    public static final Duration FORWARD_TIME = Duration.ofMillis(300);

    private final int weight;

    public Model(int weight) {
        this.weight = weight;
    }

    public String forward(String input) {
        Work.simulate(FORWARD_TIME);
        return "(" + weight + " * " + input + ")";
    }
}
