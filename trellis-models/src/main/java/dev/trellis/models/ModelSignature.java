package dev.trellis.models;

import java.util.List;

/** A model's inputs and outputs (MLflow's "signature"), as the runtime reports them. */
public record ModelSignature(List<TensorSpec> inputs, List<TensorSpec> outputs) {

    public ModelSignature {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("a model signature needs at least one input");
        }
    }
}
