package dev.trellis.data.internal.io;

import dev.trellis.data.Field;
import dev.trellis.data.Schema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads Parquet, CSV and JSON-lines files through DuckDB, as {@link dev.trellis.data.Batch}es.
 *
 * <p>Column types follow {@link DuckDbTypes}: integers are {@code LONG}; floating point and
 * decimal numbers {@code DOUBLE}; booleans {@code BOOLEAN}; text {@code STRING}; blobs
 * {@code BINARY}; {@code DATE}, {@code TIME} and {@code TIMESTAMP} values {@code STRING}s in
 * ISO-8601 ({@code 2024-01-31}, {@code 13:45:30.5}, {@code 2024-01-31T13:45:30}, a
 * {@code TIMESTAMP WITH TIME ZONE} in UTC: {@code 2024-01-31T11:45:30Z}); SQL NULL is null. A
 * column of another type (a list, struct, map...) is refused, naming it, when it is read.
 *
 * <p>Failures: a file that does not exist, cannot be read or is not of its format throws an
 * {@link UncheckedIOException} naming the file and DuckDB's reason; a column that is not in the
 * file or has no Trellis type an {@link IllegalArgumentException} naming it.
 */
public final class FileReader {
    private FileReader() {
    }

    /** The schema of {@code file}: every column, in order, typed as the class describes. */
    public static Schema schema(Path file, FileFormat format) {
        try (Connection c = DuckDb.open()) {
            Map<String, String> columns = describe(c, file, format);
            var fields = new ArrayList<Field>();
            columns.forEach((name, type) -> fields.add(new Field(name,
                    DuckDbTypes.kind(name, type, file).columnType())));
            return new Schema(fields);
        } catch (SQLException e) {
            throw failure(file, format, e);
        }
    }

    /**
     * Streams {@code columns} of {@code file} (null for all, in the file's order; else in the order
     * given) as batches of at most {@code batchRows} rows (only the last one smaller); a file of no
     * rows gives no batch. The reader holds a DuckDB connection until it has been read to the end
     * or closed.
     *
     * @throws IllegalArgumentException naming the column and the file's columns when a column is
     *     not in the file, naming the column and its type when it has no Trellis type, and naming
     *     {@code batchRows} when it is not positive
     */
    public static BatchReader read(Path file, FileFormat format, List<String> columns, int batchRows) {
        return read(file, format, columns, batchRows, -1, -1);
    }

    /**
     * As {@link #read(Path, FileFormat, List, int)}, only rows {@code rowFrom} (inclusive) to
     * {@code rowTo} (exclusive) of a Parquet file ({@code -1, -1}: all). DuckDB skips the row
     * groups outside the range, so the parts of a big file can be read by separate tasks.
     */
    public static BatchReader read(Path file, FileFormat format, List<String> columns, int batchRows, long rowFrom,
                                   long rowTo) {
        if (rowFrom >= 0 && format != FileFormat.PARQUET) {
            throw new IllegalArgumentException("only Parquet files can be read by row range, not " + file);
        }
        if (batchRows <= 0) {
            throw new IllegalArgumentException("batchRows must be positive, was " + batchRows + " (reading " + file
                    + ")");
        }
        if (columns != null && columns.isEmpty()) {
            throw new IllegalArgumentException("no columns asked for from " + file + " (null reads them all)");
        }
        Connection c = DuckDb.open();
        Statement statement = null;
        try {
            Map<String, String> all = describe(c, file, format);
            List<String> names = columns == null ? List.copyOf(all.keySet()) : columns;
            var seen = new HashSet<String>();
            var fields = new ArrayList<Field>();
            var kinds = new ArrayList<DuckDbTypes.Kind>();
            var select = new StringBuilder();
            for (String name : names) {
                if (!all.containsKey(name)) {
                    throw new IllegalArgumentException("no column '" + name + "' in " + file + ": its columns are "
                            + List.copyOf(all.keySet()));
                }
                if (!seen.add(name)) {
                    throw new IllegalArgumentException("column '" + name + "' is asked for twice in " + names);
                }
                DuckDbTypes.Kind kind = DuckDbTypes.kind(name, all.get(name), file);
                fields.add(new Field(name, kind.columnType()));
                kinds.add(kind);
                select.append(select.isEmpty() ? "" : ", ").append(DuckDbTypes.select(name, all.get(name)));
            }
            statement = c.createStatement();
            statement.setFetchSize(batchRows);
            String from = rowFrom < 0 ? format.scan(file) : "read_parquet(" + DuckDb.literal(absolute(file))
                    + ", file_row_number=true) WHERE file_row_number >= " + rowFrom + " AND file_row_number < " + rowTo;
            ResultSet rs = statement.executeQuery("SELECT " + select + " FROM " + from);
            return new BatchReader(file, format, c, statement, rs, new Schema(fields), kinds, batchRows);
        } catch (SQLException e) {
            DuckDb.closeQuietly(statement);
            DuckDb.closeQuietly(c);
            throw failure(file, format, e);
        } catch (RuntimeException e) {
            DuckDb.closeQuietly(statement);
            DuckDb.closeQuietly(c);
            throw e;
        }
    }

    /** The number of rows of {@code file} (for Parquet, from its metadata). */
    public static long countRows(Path file, FileFormat format) {
        try (Connection c = DuckDb.open(); Statement s = c.createStatement()) {
            requireFile(file);
            String sql = format == FileFormat.PARQUET
                    ? "SELECT coalesce(sum(num_rows), 0) FROM parquet_file_metadata(" + DuckDb.literal(absolute(file))
                    + ")"
                    : "SELECT count(*) FROM " + format.scan(file);
            try (ResultSet rs = s.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw failure(file, format, e);
        }
    }

    /** Column name to DuckDB type name, in the file's order. */
    private static Map<String, String> describe(Connection c, Path file, FileFormat format) throws SQLException {
        requireFile(file);
        var out = new LinkedHashMap<String, String>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("DESCRIBE SELECT * FROM " + format.scan(file))) {
            while (rs.next()) {
                out.put(rs.getString("column_name"), rs.getString("column_type"));
            }
        }
        return out;
    }

    private static void requireFile(Path file) {
        if (!Files.isRegularFile(file)) {
            String why = Files.exists(file) ? "not a regular file: " : "no such file: ";
            throw new UncheckedIOException(why + file, new NoSuchFileException(file.toString()));
        }
    }

    private static String absolute(Path file) {
        return file.toAbsolutePath().toString();
    }

    private static UncheckedIOException failure(Path file, FileFormat format, SQLException e) {
        return new UncheckedIOException("cannot read " + format + " file " + file + ": " + DuckDb.reason(e),
                new IOException(e.getMessage(), e));
    }
}
