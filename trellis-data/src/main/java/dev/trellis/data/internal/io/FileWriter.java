package dev.trellis.data.internal.io;

import dev.trellis.data.Batch;
import dev.trellis.data.Field;
import dev.trellis.data.Schema;
import dev.trellis.data.internal.Column;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Writes batches as one Parquet, CSV or JSON-lines file through DuckDB: the rows are appended
 * (with DuckDB's appender) to a table of the batches' schema in an in-memory database, which
 * {@code COPY ... TO} then writes. Column types: {@code LONG} is written as {@code BIGINT},
 * {@code DOUBLE} as {@code DOUBLE}, {@code BOOLEAN} as {@code BOOLEAN}, {@code STRING} as
 * {@code VARCHAR} and {@code BINARY} as {@code BLOB} (as text in CSV and JSON: see
 * {@link FileFormat}); nulls stay null.
 *
 * <p>The file is written under a temporary name in its directory and then moved into place,
 * replacing a file of the same name: a reader never sees half a file. All the batches are held
 * in DuckDB's memory until the file is written: one call writes one block's worth of rows.
 */
public final class FileWriter {
    private static final String TABLE = "trellis_out";

    private FileWriter() {
    }

    /**
     * Writes {@code batches}, all of one schema, as the file {@code directory/fileStem.<ext>}
     * (creating the directories), returning it; writes nothing and returns null when there are no batches.
     *
     * @throws IllegalArgumentException naming the batch when the batches' schemas differ, and the
     *     stem when it is blank or holds a path separator
     * @throws UncheckedIOException naming the file and the reason when it cannot be written
     */
    public static Path write(Iterator<Batch> batches, Path directory, String fileStem, FileFormat format) {
        return write(batches, null, directory, fileStem, format);
    }

    /**
     * Writes {@code batches}, all of schema {@code schema}, as the file {@code directory/fileStem.<ext>},
     * returning it; with no batches the file holds no rows (for Parquet and CSV, still the columns).
     */
    public static Path write(List<Batch> batches, Schema schema, Path directory, String fileStem, FileFormat format) {
        if (schema == null) {
            throw new IllegalArgumentException("no schema given for writing " + fileStem + "." + format.extension());
        }
        return write(batches.iterator(), schema, directory, fileStem, format);
    }

    /**
     * Writes {@code batches} as the file {@code directory/fileStem.<ext>}, returning it; their
     * schema is {@code schema} or, when that is null, the first batch's (and with neither, nothing
     * is written and the result is null).
     */
    public static Path write(Iterator<Batch> batches, Schema schema, Path directory, String fileStem,
                             FileFormat format) {
        if (fileStem == null || fileStem.isBlank() || fileStem.contains("/") || fileStem.contains("\\")) {
            throw new IllegalArgumentException("a file stem must be a non-blank file name without a path separator,"
                    + " was '" + fileStem + "'");
        }
        Batch first = null;
        Schema s = schema;
        if (s == null) {
            if (!batches.hasNext()) {
                return null;
            }
            first = batches.next();
            s = first.schema();
        }
        if (s.size() == 0) {
            throw new IllegalArgumentException("cannot write " + fileStem + "." + format.extension()
                    + ": a file needs at least one column, the schema has none");
        }
        Path target = directory.toAbsolutePath().resolve(fileStem + "." + format.extension());
        Path temp = target.resolveSibling("." + fileStem + "." + UUID.randomUUID() + ".inprogress");
        try {
            Files.createDirectories(target.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the directory " + target.getParent() + " for " + target
                    + ": " + e, e);
        }
        try (Connection c = DuckDb.open()) {
            try (Statement st = c.createStatement()) {
                st.execute(createTable(s));
            }
            try (DuckDBAppender appender = c.unwrap(DuckDBConnection.class)
                    .createAppender(DuckDBConnection.DEFAULT_SCHEMA, TABLE)) {
                int index = 0;
                if (first != null) {
                    append(appender, first, s, index++, target);
                }
                while (batches.hasNext()) {
                    append(appender, batches.next(), s, index++, target);
                }
            }
            try (Statement st = c.createStatement()) {
                st.execute("COPY " + TABLE + " TO " + DuckDb.literal(temp.toString()) + " (" + format.copyOptions()
                        + ")");
            }
            move(temp, target);
            return target;
        } catch (SQLException e) {
            throw new UncheckedIOException("cannot write " + format + " file " + target + ": " + DuckDb.reason(e),
                    new IOException(e.getMessage(), e));
        } finally {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // the temporary file's name starts with a dot and ends in .inprogress: readers skip it
            }
        }
    }

    private static String createTable(Schema schema) {
        var sql = new StringBuilder("CREATE TABLE " + TABLE + " (");
        for (int i = 0; i < schema.size(); i++) {
            Field f = schema.fields().get(i);
            sql.append(i == 0 ? "" : ", ").append(DuckDb.identifier(f.name())).append(' ').append(switch (f.type()) {
                case LONG -> "BIGINT";
                case DOUBLE -> "DOUBLE";
                case BOOLEAN -> "BOOLEAN";
                case STRING -> "VARCHAR";
                case BINARY -> "BLOB";
            });
        }
        return sql.append(')').toString();
    }

    private static void append(DuckDBAppender appender, Batch batch, Schema schema, int index, Path target)
            throws SQLException {
        if (!batch.schema().equals(schema)) {
            throw new IllegalArgumentException("batch " + index + " written to " + target + " has columns "
                    + batch.schema() + " but the file's are " + schema);
        }
        List<Column> columns = batch.columnData();
        int n = columns.size();
        for (int r = 0; r < batch.numRows(); r++) {
            appender.beginRow();
            for (int c = 0; c < n; c++) {
                Column col = columns.get(c);
                if (col.isNull(r)) {
                    appender.appendNull();
                    continue;
                }
                switch (col.type()) {
                    case LONG -> appender.append(col.longs()[r]);
                    case DOUBLE -> appender.append(col.doubles()[r]);
                    case BOOLEAN -> appender.append(col.booleans()[r]);
                    case STRING -> appender.append(col.strings()[r]);
                    case BINARY -> appender.append(col.binaries()[r]);
                }
            }
            appender.endRow();
        }
    }

    private static void move(Path temp, Path target) {
        try {
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move the file written, " + temp + ", to " + target + ": " + e, e);
        }
    }
}
