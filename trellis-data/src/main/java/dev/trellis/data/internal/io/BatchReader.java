package dev.trellis.data.internal.io;

import dev.trellis.data.Batch;
import dev.trellis.data.Field;
import dev.trellis.data.Schema;
import dev.trellis.data.internal.Column;
import dev.trellis.data.internal.ColumnBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The batches of one file, streamed from a DuckDB query: each {@link #next} reads at most
 * {@code batchRows} more rows of the result set (which DuckDB streams chunk by chunk, so the
 * file is never loaded whole). The reader holds its own DuckDB connection, closed when the
 * last batch has been read, when reading fails, or by {@link #close} (call it when stopping
 * early: {@code try (var r = FileReader.read(...)) {...}}). Not thread-safe.
 */
public final class BatchReader implements Iterator<Batch>, AutoCloseable {
    private static final int MAX_INITIAL_CAPACITY = 1 << 16;

    private final Path file;
    private final FileFormat format;
    private final Connection connection;
    private final Statement statement;
    private final ResultSet rows;
    private final Schema schema;
    private final DuckDbTypes.Kind[] kinds;
    private final int batchRows;
    private Batch next;
    private boolean exhausted;
    private boolean closed;

    BatchReader(Path file, FileFormat format, Connection connection, Statement statement, ResultSet rows,
                Schema schema, List<DuckDbTypes.Kind> kinds, int batchRows) {
        this.file = file;
        this.format = format;
        this.connection = connection;
        this.statement = statement;
        this.rows = rows;
        this.schema = schema;
        this.kinds = kinds.toArray(DuckDbTypes.Kind[]::new);
        this.batchRows = batchRows;
    }

    /** The schema of every batch read. */
    public Schema schema() {
        return schema;
    }

    /**
     * True while there are rows left; reads the next batch to know.
     *
     * @throws UncheckedIOException naming the file and DuckDB's reason when reading fails
     * @throws IllegalArgumentException naming the column when a value has no Trellis type (an
     *     unsigned or huge integer over a long's range)
     */
    @Override
    public boolean hasNext() {
        if (next == null && !exhausted && !closed) {
            next = readBatch();
        }
        return next != null;
    }

    @Override
    public Batch next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more batches in " + file);
        }
        Batch b = next;
        next = null;
        return b;
    }

    /** Closes the result set and the connection; reading after this finds no more batches. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        next = null;
        DuckDb.closeQuietly(rows);
        DuckDb.closeQuietly(statement);
        DuckDb.closeQuietly(connection);
    }

    private Batch readBatch() {
        int n = kinds.length;
        var builders = new ColumnBuilder[n];
        for (int c = 0; c < n; c++) {
            Field f = schema.fields().get(c);
            builders[c] = new ColumnBuilder(f.name(), f.type(), Math.min(batchRows, MAX_INITIAL_CAPACITY));
        }
        int count = 0;
        try {
            while (count < batchRows) {
                if (!rows.next()) {
                    exhausted = true;
                    break;
                }
                for (int c = 0; c < n; c++) {
                    readValue(rows, c + 1, kinds[c], builders[c]);
                }
                count++;
            }
        } catch (SQLException e) {
            close();
            throw new UncheckedIOException("cannot read " + format + " file " + file + ": " + DuckDb.reason(e),
                    new IOException(e.getMessage(), e));
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        if (exhausted) {
            close();
        }
        if (count == 0) {
            return null;
        }
        var columns = new ArrayList<Column>(n);
        for (ColumnBuilder b : builders) {
            columns.add(b.build());
        }
        return Batch.ofColumns(schema, count, columns);
    }

    private void readValue(ResultSet rs, int i, DuckDbTypes.Kind kind, ColumnBuilder out) throws SQLException {
        switch (kind) {
            case LONG -> {
                long v = rs.getLong(i);
                if (rs.wasNull()) {
                    out.addNull();
                } else {
                    out.addLong(v);
                }
            }
            case DOUBLE -> {
                double v = rs.getDouble(i);
                if (rs.wasNull()) {
                    out.addNull();
                } else {
                    out.addDouble(v);
                }
            }
            case BOOLEAN -> {
                boolean v = rs.getBoolean(i);
                if (rs.wasNull()) {
                    out.addNull();
                } else {
                    out.add(v);
                }
            }
            case STRING -> out.add(rs.getString(i));
            case BINARY -> out.add(rs.getBytes(i));
            case WIDE_INTEGER -> out.add(wideInteger(rs.getObject(i), i));
            case DATE -> out.add(iso(rs.getObject(i, LocalDate.class), DateTimeFormatter.ISO_LOCAL_DATE));
            case TIME -> out.add(iso(rs.getObject(i, LocalTime.class), DateTimeFormatter.ISO_LOCAL_TIME));
            case TIME_TZ -> out.add(iso(rs.getObject(i, OffsetTime.class), DateTimeFormatter.ISO_OFFSET_TIME));
            case TIMESTAMP -> out.add(iso(rs.getObject(i, LocalDateTime.class), DateTimeFormatter.ISO_LOCAL_DATE_TIME));
            case TIMESTAMP_TZ -> out.add(iso(rs.getObject(i, OffsetDateTime.class),
                    DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        }
    }

    private Long wideInteger(Object v, int column) {
        return switch (v) {
            case null -> null;
            case Long l -> l;
            case Number num when !(num instanceof BigInteger) -> num.longValue();
            case BigInteger b when b.bitLength() < Long.SIZE -> b.longValue();
            default -> throw new IllegalArgumentException("column '" + schema.fields().get(column - 1).name() + "' of "
                    + file + " holds " + v + ", outside the range of a long [" + Long.MIN_VALUE + ", " + Long.MAX_VALUE
                    + "]: Trellis Data reads every integer as a long");
        };
    }

    private static String iso(java.time.temporal.TemporalAccessor v, DateTimeFormatter format) {
        return v == null ? null : format.format(v);
    }
}
