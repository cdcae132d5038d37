package dev.trellis.data.internal.plan;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import java.util.Map;

/**
 * One logical operator of a dataset's plan. The per-batch ones ({@link #perBatch}) run fused in
 * one task; the others are stages of their own. Encoded by name (never by class) when a plan
 * crosses nodes.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "op")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Op.MapRows.class, name = "map"),
        @JsonSubTypes.Type(value = Op.Filter.class, name = "filter"),
        @JsonSubTypes.Type(value = Op.FlatMap.class, name = "flat-map"),
        @JsonSubTypes.Type(value = Op.MapBatches.class, name = "map-batches"),
        @JsonSubTypes.Type(value = Op.AddColumn.class, name = "add-column"),
        @JsonSubTypes.Type(value = Op.DropColumns.class, name = "drop-columns"),
        @JsonSubTypes.Type(value = Op.SelectColumns.class, name = "select-columns"),
        @JsonSubTypes.Type(value = Op.RenameColumns.class, name = "rename-columns"),
        @JsonSubTypes.Type(value = Op.ActorMap.class, name = "actor-map"),
        @JsonSubTypes.Type(value = Op.Limit.class, name = "limit"),
        @JsonSubTypes.Type(value = Op.AllToAll.class, name = "all-to-all")
})
public sealed interface Op {
    /** A name for stats, progress and errors: {@code Map(Fns.normalise)}. */
    String describe();

    /** True for the operators a map task applies batch by batch. */
    default boolean perBatch() {
        return !(this instanceof ActorMap || this instanceof Limit || this instanceof AllToAll);
    }

    record MapRows(PortableFn fn) implements Op {
        public String describe() {
            return "Map(" + fn.displayName() + ")";
        }
    }

    record Filter(PortableFn fn) implements Op {
        public String describe() {
            return "Filter(" + fn.displayName() + ")";
        }
    }

    record FlatMap(PortableFn fn) implements Op {
        public String describe() {
            return "FlatMap(" + fn.displayName() + ")";
        }
    }

    /** {@code batchSize}: rows per call (0: each block as it is). */
    record MapBatches(PortableFn fn, int batchSize) implements Op {
        public String describe() {
            return "MapBatches(" + fn.displayName() + ")";
        }
    }

    record AddColumn(String name, PortableFn fn) implements Op {
        public String describe() {
            return "AddColumn(" + name + ")";
        }
    }

    record DropColumns(List<String> names) implements Op {
        public String describe() {
            return "DropColumns(" + String.join(", ", names) + ")";
        }
    }

    record SelectColumns(List<String> names) implements Op {
        public String describe() {
            return "SelectColumns(" + String.join(", ", names) + ")";
        }
    }

    record RenameColumns(Map<String, String> names) implements Op {
        public String describe() {
            return "RenameColumns(" + names + ")";
        }
    }

    /** A stateful {@code mapBatches(Class)} on an actor pool of {@code minActors..maxActors}. */
    record ActorMap(String className, List<Object> constructorArgs, int minActors, int maxActors, int batchSize,
                    double numCpus, double numGpus, int maxInFlightPerActor) implements Op {
        public String describe() {
            return "MapBatches(" + className.substring(className.lastIndexOf('.') + 1).replace('$', '.') + ")";
        }
    }

    record Limit(long rows) implements Op {
        public String describe() {
            return "Limit(" + rows + ")";
        }
    }

    /** An operation that needs every block of its input first (a shuffle, a sort...). */
    record AllToAll(Kind kind, List<String> keys, boolean descending, long seed, int partitions, PortableFn fn)
            implements Op {
        public enum Kind { RANDOM_SHUFFLE, SORT, REPARTITION, RANDOMIZE_BLOCK_ORDER, MAP_GROUPS }

        public String describe() {
            return switch (kind) {
                case RANDOM_SHUFFLE -> "RandomShuffle";
                case SORT -> "Sort(" + String.join(", ", keys) + (descending ? ", descending" : "") + ")";
                case REPARTITION -> "Repartition(" + partitions + ")";
                case RANDOMIZE_BLOCK_ORDER -> "RandomizeBlockOrder";
                case MAP_GROUPS -> "MapGroups(" + String.join(", ", keys) + ", " + fn.displayName() + ")";
            };
        }
    }
}
