package dev.trellis.data;

import dev.trellis.core.Trellis;
import dev.trellis.data.internal.exec.BlockRef;
import dev.trellis.data.internal.io.FileFormat;
import dev.trellis.data.internal.io.FilePaths;
import dev.trellis.data.internal.io.FileReader;
import dev.trellis.data.internal.io.SchemaCheck;
import dev.trellis.data.internal.plan.Plan;
import dev.trellis.data.internal.plan.ReadSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where datasets start (Ray's {@code ray.data}): files, ranges and in-memory items. Reading is
 * lazy: nothing is read until the dataset is consumed, and then each file is one read task
 * (run where Core places it; a Parquet file over {@value #TASK_ROWS} rows is read by several, by
 * row range) that streams the file in batches of {@value #DEFAULT_BATCH_ROWS} rows. Paths are local files, directories (every file of the format under them) or globs
 * ({@code /data/*.parquet}); a missing path fails at once, naming it. Files of one dataset
 * must share a schema. Trellis must be initialized ({@code Trellis.init()}).
 *
 * <pre>{@code
 * Dataset trips = Data.readParquet("/data/taxi");
 * Dataset squares = Data.range(1000).map(r -> Row.of("id", r.getLong("id"), "sq", r.getLong("id") * r.getLong("id")));
 * }</pre>
 */
public final class Data {
    /** Rows per block a read task makes (files and ranges). */
    public static final int DEFAULT_BATCH_ROWS = 65_536;

    /**
     * Rows per read task of a Parquet file (16 blocks): a bigger file is read by several tasks,
     * each its range of rows (DuckDB skips the row groups outside it), so no task holds a whole
     * big file's blocks at once.
     */
    public static final long TASK_ROWS = 16L * DEFAULT_BATCH_ROWS;

    private Data() {
    }

    /** The integers 0 to {@code n - 1} in column {@code id}, in blocks of {@value #DEFAULT_BATCH_ROWS}. */
    public static Dataset range(long n) {
        return range(n, (int) Math.max(1, Math.min(200, (n + DEFAULT_BATCH_ROWS - 1) / DEFAULT_BATCH_ROWS)));
    }

    /** The integers 0 to {@code n - 1} in column {@code id}, read by {@code parallelism} tasks. */
    public static Dataset range(long n, int parallelism) {
        if (n < 0) {
            throw new IllegalArgumentException("range needs n >= 0, was " + n);
        }
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, was " + parallelism);
        }
        var reads = new ArrayList<ReadSpec>();
        for (int i = 0; i < parallelism; i++) {
            long from = n * i / parallelism;
            long to = n * (i + 1) / parallelism;
            if (to > from || (n == 0 && i == 0)) {
                reads.add(new ReadSpec.RangeRead(from, to, DEFAULT_BATCH_ROWS));
            }
        }
        return new Dataset(new Plan(new Plan.Reads(reads), List.of()));
    }

    /**
     * A dataset of {@code items}: {@link Row}s and {@code Map<String, ?>}s become rows as they
     * are; any other value becomes a row with one column, {@code item} (as in Ray).
     */
    public static Dataset fromItems(List<?> items) {
        var rows = new ArrayList<Row>(items.size());
        for (Object item : items) {
            rows.add(switch (item) {
                case Row r -> r;
                case Map<?, ?> m -> Row.fromMap(stringKeys(m));
                default -> Row.of("item", item);
            });
        }
        return fromBatches(List.of(Batch.fromRows(rows)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> stringKeys(Map<?, ?> m) {
        m.keySet().forEach(k -> {
            if (!(k instanceof String)) {
                throw new IllegalArgumentException("an item map's keys must be column names (strings), got " + k);
            }
        });
        return (Map<String, ?>) m;
    }

    /** A dataset of these batches, put into the object store now. */
    public static Dataset fromBatches(List<Batch> batches) {
        requireInit();
        var blocks = new ArrayList<BlockRef>();
        batches.forEach(b -> blocks.add(BlockRef.put(b)));
        return new Dataset(new Plan(new Plan.Stored(blocks), List.of()));
    }

    /** Parquet files: all columns. */
    public static Dataset readParquet(String... paths) {
        return read(List.of(paths), FileFormat.PARQUET, null);
    }

    /** Parquet files, only {@code columns} (read from the files, not filtered after). */
    public static Dataset readParquet(List<String> paths, List<String> columns) {
        return read(paths, FileFormat.PARQUET, columns);
    }

    /** CSV files with a header row; column types are detected. */
    public static Dataset readCsv(String... paths) {
        return read(List.of(paths), FileFormat.CSV, null);
    }

    /** JSON lines files (one object per line). */
    public static Dataset readJson(String... paths) {
        return read(List.of(paths), FileFormat.JSON, null);
    }

    /** Files per read task of {@link #readImages} and {@link #readBinaryFiles}. */
    static final int FILES_PER_TASK = 256;

    /**
     * Images (PNG, JPEG...) under {@code paths} (Ray's {@code read_images}): column {@code image}
     * holds each image's pixels as bytes (height x width x channels, unsigned), converted to
     * {@code mode} ({@code "L"} gray or {@code "RGB"}) and scaled to {@code width x height}
     * (0, 0: as they are), with columns {@code height}, {@code width}, {@code channels}, and
     * {@code path} when {@code includePaths}. Read {@value #FILES_PER_TASK} files per task.
     */
    public static Dataset readImages(String path, boolean includePaths, int width, int height, String mode) {
        String m = dev.trellis.data.internal.io.ImageFiles.mode(mode);
        if (width < 0 || height < 0 || (width == 0) != (height == 0)) {
            throw new IllegalArgumentException("image size must be two positive numbers (or 0, 0 to keep each image's),"
                    + " was " + width + " x " + height);
        }
        List<String> files = FilePaths.expand(List.of(path), "images").stream().map(Path::toString).toList();
        var reads = new ArrayList<ReadSpec>();
        for (int i = 0; i < files.size(); i += FILES_PER_TASK) {
            reads.add(new ReadSpec.ImageRead(List.copyOf(files.subList(i, Math.min(files.size(), i + FILES_PER_TASK))),
                    width, height, m, includePaths));
        }
        return new Dataset(new Plan(new Plan.Reads(reads), List.of()));
    }

    /** Files read whole into column {@code bytes} (and {@code path} when {@code includePaths}). */
    public static Dataset readBinaryFiles(String path, boolean includePaths) {
        List<String> files = FilePaths.expand(List.of(path), "binary").stream().map(Path::toString).toList();
        var reads = new ArrayList<ReadSpec>();
        for (int i = 0; i < files.size(); i += FILES_PER_TASK) {
            reads.add(new ReadSpec.BinaryRead(List.copyOf(files.subList(i, Math.min(files.size(), i + FILES_PER_TASK))),
                    includePaths));
        }
        return new Dataset(new Plan(new Plan.Reads(reads), List.of()));
    }

    private static Dataset read(List<String> paths, FileFormat format, List<String> columns) {
        if (paths.isEmpty()) {
            throw new IllegalArgumentException("read" + format + " needs at least one path");
        }
        List<Path> files = FilePaths.expand(paths, format.name().toLowerCase(java.util.Locale.ROOT));
        var schemas = new ArrayList<Schema>();
        for (Path f : files) {
            schemas.add(FileReader.schema(f, format));
        }
        SchemaCheck.sameSchema(files, schemas);
        if (columns != null) {
            for (String c : columns) {
                if (schemas.getFirst().indexOf(c) < 0) {
                    throw new IllegalArgumentException("no column '" + c + "' in " + files.getFirst() + ": its columns are "
                            + schemas.getFirst().names());
                }
            }
        }
        var reads = new ArrayList<ReadSpec>();
        List<String> cols = columns == null ? null : List.copyOf(columns);
        for (Path f : files) {
            long rows = format == FileFormat.PARQUET ? FileReader.countRows(f, format) : -1;
            if (rows <= TASK_ROWS) {
                reads.add(new ReadSpec.FileRead(f.toString(), format.name(), cols, DEFAULT_BATCH_ROWS, -1, -1));
            } else {
                for (long from = 0; from < rows; from += TASK_ROWS) {
                    reads.add(new ReadSpec.FileRead(f.toString(), format.name(), cols, DEFAULT_BATCH_ROWS, from,
                            Math.min(rows, from + TASK_ROWS)));
                }
            }
        }
        return new Dataset(new Plan(new Plan.Reads(reads), List.of()));
    }

    static void requireInit() {
        if (!Trellis.isInitialized()) {
            throw new IllegalStateException("Trellis is not initialized: call Trellis.init() (or connect to a cluster)"
                    + " before using Trellis Data");
        }
    }
}
