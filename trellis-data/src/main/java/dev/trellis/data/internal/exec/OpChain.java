package dev.trellis.data.internal.exec;

import dev.trellis.data.internal.plan.Op;
import java.util.List;

/** The fused per-batch operators a task applies (a record, so the operators decode typed on another node). */
public record OpChain(List<Op> ops) {
    public OpChain {
        ops = List.copyOf(ops);
    }
}
