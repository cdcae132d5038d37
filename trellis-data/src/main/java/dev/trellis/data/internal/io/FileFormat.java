package dev.trellis.data.internal.io;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The file formats Trellis Data reads and writes through DuckDB: each format's table function
 * (the SQL that scans one file), the {@code COPY} options that write one, and its file name
 * extensions.
 *
 * <ul>
 *   <li>{@link #PARQUET}: {@code read_parquet}; written with DuckDB's default (snappy) compression.
 *   <li>{@link #CSV}: {@code read_csv} with a header row and the column types detected from the
 *       data; a quoted empty value ({@code ""}) is an empty string, an unquoted one a null.
 *       Written with a header row.
 *   <li>{@link #JSON}: JSON lines, one object per line ({@code read_json} with
 *       {@code format='newline_delimited'}); the types detected from the data.
 * </ul>
 *
 * <p>CSV and JSON have no binary type: a {@code BINARY} column is written as DuckDB's text of
 * a blob (printable ASCII bytes as they are, others as {@code \xNN}) and reads back as
 * {@code STRING}.
 */
public enum FileFormat {
    PARQUET("parquet", List.of("parquet")),
    CSV("csv", List.of("csv")),
    JSON("json", List.of("json", "jsonl", "ndjson"));

    private final String extension;
    private final List<String> extensions;

    FileFormat(String extension, List<String> extensions) {
        this.extension = extension;
        this.extensions = extensions;
    }

    /** The format named {@code name} ({@code parquet}, {@code csv} or {@code json}, any case); fails naming it. */
    public static FileFormat of(String name) {
        for (FileFormat f : values()) {
            if (f.name().equalsIgnoreCase(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown file format '" + name + "': the formats are parquet, csv and json");
    }

    /** The extension of the files written, without the dot ({@code parquet}, {@code csv}, {@code json}). */
    public String extension() {
        return extension;
    }

    /** The extensions, without the dot, of the files a directory of this format is read from. */
    public List<String> extensions() {
        return extensions;
    }

    /** The SQL table function call that scans {@code file}: {@code read_parquet('/data/a.parquet')}. */
    public String scan(Path file) {
        String f = DuckDb.literal(file.toAbsolutePath().toString());
        return switch (this) {
            case PARQUET -> "read_parquet(" + f + ")";
            case CSV -> "read_csv(" + f + ", header=true, auto_detect=true, allow_quoted_nulls=false)";
            case JSON -> "read_json(" + f + ", format='newline_delimited')";
        };
    }

    /** The options of the {@code COPY ... TO} that writes this format: {@code FORMAT parquet}. */
    public String copyOptions() {
        return switch (this) {
            case PARQUET -> "FORMAT parquet";
            case CSV -> "FORMAT csv, HEADER true";
            case JSON -> "FORMAT json";
        };
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
