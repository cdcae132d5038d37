package dev.trellis.data.internal.plan;

import dev.trellis.data.internal.exec.BlockRef;
import java.util.ArrayList;
import java.util.List;

/** A dataset's logical plan: where its blocks come from, then its operators in order. */
public record Plan(Source source, List<Op> ops) {
    public Plan {
        ops = List.copyOf(ops);
    }

    /** Where the first blocks come from (encoded by name when a plan crosses nodes). */
    @com.fasterxml.jackson.annotation.JsonTypeInfo(use = com.fasterxml.jackson.annotation.JsonTypeInfo.Id.NAME,
            property = "source")
    @com.fasterxml.jackson.annotation.JsonSubTypes({
            @com.fasterxml.jackson.annotation.JsonSubTypes.Type(value = Reads.class, name = "reads"),
            @com.fasterxml.jackson.annotation.JsonSubTypes.Type(value = Union.class, name = "union"),
            @com.fasterxml.jackson.annotation.JsonSubTypes.Type(value = Stored.class, name = "stored")
    })
    public sealed interface Source {
    }

    /** Read tasks, one per spec. */
    public record Reads(List<ReadSpec> reads) implements Source {
        public Reads {
            reads = List.copyOf(reads);
        }
    }

    /** The blocks of several plans, one after the other. */
    public record Union(List<Plan> plans) implements Source {
        public Union {
            plans = List.copyOf(plans);
        }
    }

    /** Blocks already in the object store (a materialized dataset, or items). */
    public record Stored(List<BlockRef> blocks) implements Source {
        public Stored {
            blocks = List.copyOf(blocks);
        }
    }

    /** This plan with {@code op} appended. */
    public Plan with(Op op) {
        var next = new ArrayList<>(ops);
        next.add(op);
        return new Plan(source, next);
    }

    /** The operator chain, as Ray logs it: {@code Read -> Map(Fns.f) -> Limit(10)}. */
    public String describe() {
        var sb = new StringBuilder(switch (source) {
            case Reads r -> "Read(" + r.reads().size() + " task(s))";
            case Union u -> "Union(" + u.plans().size() + " datasets)";
            case Stored s -> "Materialized(" + s.blocks().size() + " blocks)";
        });
        ops.forEach(op -> sb.append(" -> ").append(op.describe()));
        return sb.toString();
    }
}
