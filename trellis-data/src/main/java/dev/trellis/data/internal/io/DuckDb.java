package dev.trellis.data.internal.io;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * Opens the embedded DuckDB databases that Trellis Data reads and writes files with, and quotes
 * names and strings for its SQL.
 *
 * <p>Every connection is a fresh in-memory database that never downloads or loads an extension
 * ({@code autoinstall_known_extensions} and {@code autoload_known_extensions} off: Parquet, CSV
 * and JSON are built into the driver), runs on {@link #THREADS} threads (Data runs many readers
 * at once, each its own task), reports {@code TIMESTAMP WITH TIME ZONE} values in UTC, and
 * streams its query results ({@code jdbc_stream_results}) instead of materializing them.
 */
public final class DuckDb {
    /** The threads each connection's queries run on. */
    public static final int THREADS = 2;

    private DuckDb() {
    }

    /**
     * A new in-memory DuckDB connection, set up as the class describes; the caller closes it.
     *
     * @throws IllegalStateException when DuckDB cannot start (its reason in the message)
     */
    public static Connection open() {
        var props = new Properties();
        props.setProperty("jdbc_stream_results", "true");
        Connection c;
        try {
            c = DriverManager.getConnection("jdbc:duckdb:", props);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open an in-memory DuckDB database: " + reason(e), e);
        }
        try (Statement s = c.createStatement()) {
            s.execute("SET autoinstall_known_extensions=false");
            s.execute("SET autoload_known_extensions=false");
            s.execute("SET threads=" + THREADS);
            s.execute("SET TimeZone='UTC'");
            return c;
        } catch (SQLException e) {
            closeQuietly(c);
            throw new IllegalStateException("cannot set up a DuckDB connection: " + reason(e), e);
        }
    }

    /** {@code name} as a DuckDB identifier: in double quotes, inner quotes doubled ({@code "sepal length"}). */
    public static String identifier(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** {@code text} as a DuckDB string literal: in single quotes, inner quotes doubled. */
    public static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    /**
     * DuckDB's reason for {@code e}: its message without the SQL it quotes after it
     * ({@code LINE 1: SELECT ...}), which names a query the caller never wrote.
     */
    public static String reason(SQLException e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        int line = m.indexOf("\nLINE ");
        return (line < 0 ? m : m.substring(0, line)).strip();
    }

    /** Closes {@code resource}, ignoring a failure (for cleaning up after another error). */
    static void closeQuietly(AutoCloseable resource) {
        if (resource == null) {
            return;
        }
        try {
            resource.close();
        } catch (Exception ignored) {
            // already failing: the first error is the one reported
        }
    }
}
