package dev.trellis.data.internal.exec;

import dev.trellis.data.Aggregate;
import dev.trellis.data.internal.ops.Accumulator;
import java.util.List;

/** Aggregates as a task argument, and their partial states as its result (records, so they decode typed). */
public final class AggregateSpec {
    private AggregateSpec() {
    }

    public record Aggregates(List<Aggregate> list) {
        public Aggregates {
            list = List.copyOf(list);
        }
    }

    public record Partials(List<Accumulator> list) {
        public Partials {
            list = List.copyOf(list);
        }
    }
}
