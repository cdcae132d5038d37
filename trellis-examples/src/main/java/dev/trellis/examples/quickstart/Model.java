package dev.trellis.examples.quickstart;

/** The README's quick start: a model that wraps its input in a weighted expression. */
public final class Model {
    private final int weight;

    public Model(int weight) {
        this.weight = weight;
    }

    public String forward(String input) {
        return "(" + weight + " * " + input + ")";
    }
}
