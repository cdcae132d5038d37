package dev.trellis.data.internal.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.data.Batch;
import dev.trellis.data.Field;
import dev.trellis.data.internal.ColumnBuilder;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/** Random test data with a fixed seed, DuckDB loaded with it, and comparisons of results. */
final class OpsFixtures {
    static final int ROWS = 50_000;
    /** The key of the one group with a single row (a standard deviation of one value). */
    static final long SINGLE_KEY = 1_000;
    /** The key of the group whose x and y are all null. */
    static final long ALL_NULL_KEY = 7;

    private OpsFixtures() {
    }

    /**
     * {@code rows} rows: id (0..), k1 long key (200 values and nulls), k2 string key (10 values
     * and nulls), x long values, y double values (offset, so cancellation would show), s strings,
     * flag booleans; x, y, s each about 10% null.
     */
    static Batch data(int rows, long seed) {
        var r = new SplittableRandom(seed);
        var id = new ColumnBuilder("id", dev.trellis.data.ColumnType.LONG, rows);
        var k1 = new ColumnBuilder("k1", dev.trellis.data.ColumnType.LONG, rows);
        var k2 = new ColumnBuilder("k2", dev.trellis.data.ColumnType.STRING, rows);
        var x = new ColumnBuilder("x", dev.trellis.data.ColumnType.LONG, rows);
        var y = new ColumnBuilder("y", dev.trellis.data.ColumnType.DOUBLE, rows);
        var s = new ColumnBuilder("s", dev.trellis.data.ColumnType.STRING, rows);
        var flag = new ColumnBuilder("flag", dev.trellis.data.ColumnType.BOOLEAN, rows);
        for (int i = 0; i < rows; i++) {
            id.addLong(i);
            long key = i == 0 ? SINGLE_KEY : r.nextInt(200);
            k1.add(r.nextInt(50) == 0 && i != 0 ? null : key);
            k2.add(r.nextInt(30) == 0 ? null : String.valueOf((char) ('a' + r.nextInt(10))));
            boolean allNull = key == ALL_NULL_KEY;
            x.add(allNull || r.nextInt(10) == 0 ? null : r.nextLong(-1_000_000, 1_000_001));
            y.add(allNull || r.nextInt(10) == 0 ? null : 1e4 + 100 * r.nextDouble() - 50 + r.nextInt(3));
            s.add(r.nextInt(10) == 0 ? null : word(r));
            flag.add(r.nextInt(20) == 0 ? null : r.nextBoolean());
        }
        var builders = List.of(id, k1, k2, x, y, s, flag);
        var fields = new ArrayList<Field>();
        for (String n : List.of("id", "k1", "k2", "x", "y", "s", "flag")) {
            fields.add(new Field(n, builders.get(fields.size()).type()));
        }
        return Batch.ofColumns(new dev.trellis.data.Schema(fields), rows,
                builders.stream().map(ColumnBuilder::build).toList());
    }

    private static String word(SplittableRandom r) {
        var sb = new StringBuilder();
        int n = 1 + r.nextInt(6);
        for (int i = 0; i < n; i++) {
            sb.append((char) ('a' + r.nextInt(26)));
        }
        return sb.toString();
    }

    /** {@code batch} cut into consecutive pieces of random sizes (some empty), in order. */
    static List<Batch> randomSplit(Batch batch, int maxSize, long seed) {
        var r = new SplittableRandom(seed);
        var out = new ArrayList<Batch>();
        int at = 0;
        while (at < batch.numRows()) {
            int n = Math.min(batch.numRows() - at, r.nextInt(maxSize + 1));
            out.add(batch.slice(at, at + n));
            at += n;
        }
        return out;
    }

    /** {@code batch} cut into consecutive pieces of {@code size} rows. */
    static List<Batch> chunks(Batch batch, int size) {
        var out = new ArrayList<Batch>();
        for (int at = 0; at < batch.numRows(); at += size) {
            out.add(batch.slice(at, Math.min(batch.numRows(), at + size)));
        }
        return out;
    }

    /** An in-memory DuckDB (no extensions loaded or installed) with table {@code t} holding {@code batch}. */
    static Connection duckDb(Batch batch) throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement st = c.createStatement()) {
            st.execute("SET autoinstall_known_extensions=false");
            st.execute("SET autoload_known_extensions=false");
            st.execute("CREATE TABLE t(id BIGINT, k1 BIGINT, k2 VARCHAR, x BIGINT, y DOUBLE, s VARCHAR,"
                    + " flag BOOLEAN)");
        }
        try (DuckDBAppender a = c.unwrap(DuckDBConnection.class).createAppender(DuckDBConnection.DEFAULT_SCHEMA,
                "t")) {
            for (int i = 0; i < batch.numRows(); i++) {
                a.beginRow();
                for (String name : batch.columnNames()) {
                    Object v = batch.value(name, i);
                    switch (v) {
                        case null -> a.appendNull();
                        case Long l -> a.append(l.longValue());
                        case Double d -> a.append(d.doubleValue());
                        case Boolean b -> a.append(b.booleanValue());
                        case String s -> a.append(s);
                        default -> throw new IllegalStateException("unexpected " + v);
                    }
                }
                a.endRow();
            }
        }
        return c;
    }

    /** The rows of {@code sql}'s result, each as a list of its values. */
    static List<List<Object>> query(Connection c, String sql) throws SQLException {
        var out = new ArrayList<List<Object>>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                var row = new ArrayList<Object>();
                for (int i = 1; i <= n; i++) {
                    Object v = rs.getObject(i);
                    row.add(v instanceof Integer iv ? (Object) iv.longValue() : v);
                }
                out.add(row);
            }
        }
        return out;
    }

    /** The rows of {@code batch}, each as a list of its values. */
    static List<List<Object>> rows(Batch batch) {
        var out = new ArrayList<List<Object>>();
        for (int i = 0; i < batch.numRows(); i++) {
            var row = new ArrayList<Object>();
            for (String n : batch.columnNames()) {
                row.add(batch.value(n, i));
            }
            out.add(row);
        }
        return out;
    }

    /**
     * Asserts {@code actual} matches {@code expected} row by row: doubles within 1e-9 relative;
     * where {@code stdColumns} marks a standard deviation, DuckDB's null for one value is our NaN.
     */
    static void assertSameRows(List<List<Object>> actual, List<List<Object>> expected, boolean[] stdColumns) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int r = 0; r < expected.size(); r++) {
            List<Object> a = actual.get(r);
            List<Object> e = expected.get(r);
            assertThat(a).as("row %d", r).hasSameSizeAs(e);
            for (int c = 0; c < e.size(); c++) {
                Object av = a.get(c);
                Object ev = e.get(c);
                String where = "row " + r + " column " + c + ": " + a + " vs " + e;
                if (ev == null && av instanceof Double d && stdColumns != null && stdColumns[c]) {
                    assertThat(d).as(where).isNaN();
                } else if (ev instanceof Double ed && av instanceof Double ad) {
                    assertClose(ad, ed, where);
                } else {
                    assertThat(av).as(where).isEqualTo(ev);
                }
            }
        }
    }

    /** Asserts {@code a} is within 1e-9 relative of {@code e} (NaN only for NaN). */
    static void assertClose(double a, double e, String where) {
        if (Double.isNaN(e)) {
            assertThat(a).as(where).isNaN();
        } else {
            assertThat(Math.abs(a - e)).as(where + " (" + a + " vs " + e + ")")
                    .isLessThanOrEqualTo(1e-9 * Math.max(Math.abs(a), Math.abs(e)) + 1e-300);
        }
    }
}
