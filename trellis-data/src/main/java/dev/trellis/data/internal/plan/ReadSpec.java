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
        @JsonSubTypes.Type(value = ReadSpec.Blocks.class, name = "blocks"),
        @JsonSubTypes.Type(value = ReadSpec.ImageRead.class, name = "images"),
        @JsonSubTypes.Type(value = ReadSpec.BinaryRead.class, name = "binary")
})
public sealed interface ReadSpec {
    /** For errors: what was being read. */
    String describe();

    /**
     * {@code format}: parquet, csv or json; {@code columns} null for all; rows {@code rowFrom} to
     * {@code rowTo} of a Parquet file ({@code -1, -1}: the whole file).
     */
    record FileRead(String path, String format, List<String> columns, int batchRows, long rowFrom, long rowTo)
            implements ReadSpec {
        public String describe() {
            return "file " + path + (rowFrom < 0 ? "" : " rows [" + rowFrom + ", " + rowTo + ")");
        }
    }

    record RangeRead(long from, long to, int batchRows) implements ReadSpec {
        public String describe() {
            return "range [" + from + ", " + to + ")";
        }
    }

    /** Image files, decoded, converted to {@code mode} and scaled to {@code width x height} (0: as they are). */
    record ImageRead(List<String> paths, int width, int height, String mode, boolean includePaths) implements ReadSpec {
        public String describe() {
            return paths.size() + " image(s) from " + paths.getFirst();
        }
    }

    /** Files read whole. */
    record BinaryRead(List<String> paths, boolean includePaths) implements ReadSpec {
        public String describe() {
            return paths.size() + " file(s) from " + paths.getFirst();
        }
    }

    /** Blocks in the object store (from items, or a materialized dataset). */
    record Blocks(List<ObjectRef<Batch>> blocks) implements ReadSpec {
        public String describe() {
            return blocks.size() + " block(s) " + (blocks.isEmpty() ? "" : blocks.getFirst().id() + "...");
        }
    }
}
