package dev.trellis.serve.graph;

/**
 * The input of a deployment graph, given to each request (Ray's {@code InputNode}). A graph
 * has exactly one. {@link #get(int)} and {@link #get(String)} stand for a part of the input:
 * an element of a JSON array / {@code List}, or a field of a JSON object / {@code Map}.
 */
public final class InputNode extends GraphNode<Object> {
    private InputNode() {
    }

    public static InputNode create() {
        return new InputNode();
    }

    /** Element {@code index} of the input, which must be a list (a JSON array). */
    public GraphNode<Object> get(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("input index must be >= 0, was " + index);
        }
        return new Part(this, index, null);
    }

    /** Field {@code key} of the input, which must be a map (a JSON object). */
    public GraphNode<Object> get(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("input key must be non-empty, was '" + key + "'");
        }
        return new Part(this, -1, key);
    }

    @Override
    public String label() {
        return "INPUT";
    }

    /** Part of the input: by index ({@code key == null}) or by key. */
    public static final class Part extends GraphNode<Object> {
        private final InputNode input;
        private final int index;
        private final String key;

        Part(InputNode input, int index, String key) {
            this.input = input;
            this.index = index;
            this.key = key;
        }

        InputNode input() {
            return input;
        }

        int index() {
            return index;
        }

        String key() {
            return key;
        }

        @Override
        public String label() {
            return key == null ? "INPUT[" + index + "]" : "INPUT[\"" + key + "\"]";
        }
    }
}
