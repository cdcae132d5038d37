package dev.trellis.data.internal.plan;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.trellis.core.ObjectRef;
import dev.trellis.data.Batch;
import java.util.List;

/** What one read task reads: a file, a range of integers, or blocks already in the object store. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "read")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ReadSpec.FileRead.class, name = "file"),
        @JsonSubTypes.Type(value = ReadSpec.RangeRead.class, name = "range"),
        @JsonSubTypes.Type(value = ReadSpec.Blocks.class, name = "blocks")
})
public sealed interface ReadSpec {
    /** For errors: what was being read. */
    String describe();

    /** {@code format}: parquet, csv, json, binary or images; {@code columns} null for all. */
    record FileRead(String path, String format, List<String> columns, int batchRows) implements ReadSpec {
        public String describe() {
            return "file " + path;
        }
    }

    record RangeRead(long from, long to, int batchRows) implements ReadSpec {
        public String describe() {
            return "range [" + from + ", " + to + ")";
        }
    }

    /** Blocks in the object store (from items, or a materialized dataset). */
    record Blocks(List<ObjectRef<Batch>> blocks) implements ReadSpec {
        public String describe() {
            return blocks.size() + " block(s) " + (blocks.isEmpty() ? "" : blocks.getFirst().id() + "...");
        }
    }
}
