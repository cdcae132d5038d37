package dev.trellis.data.internal.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.data.Batch;
import dev.trellis.data.ColumnType;
import dev.trellis.data.Row;
import dev.trellis.data.Schema;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileReaderTest {
    @TempDir
    Path dir;

    /** Runs {@code COPY (query) TO file (options)} in a fresh DuckDB. */
    static Path copy(String query, Path file, String options) throws Exception {
        try (Connection c = DuckDb.open(); Statement s = c.createStatement()) {
            s.execute("COPY (" + query + ") TO " + DuckDb.literal(file.toString()) + " (" + options + ")");
        }
        return file;
    }

    static List<Batch> readAll(Path file, FileFormat format, List<String> columns, int batchRows) {
        var out = new ArrayList<Batch>();
        try (BatchReader r = FileReader.read(file, format, columns, batchRows)) {
            r.forEachRemaining(out::add);
        }
        return out;
    }

    @Test
    void streamsAMillionRowsAsBatchesOfAtMostBatchRows() throws Exception {
        Path file = copy("SELECT range AS id, range * 0.5 AS half FROM range(1000000)", dir.resolve("big.parquet"),
                "FORMAT parquet");
        assertThat(FileReader.countRows(file, FileFormat.PARQUET)).isEqualTo(1_000_000);

        int batches = 0;
        long rows = 0;
        long sum = 0;
        try (BatchReader r = FileReader.read(file, FileFormat.PARQUET, null, 10_000)) {
            while (r.hasNext()) {
                Batch b = r.next();
                assertThat(b.numRows()).isEqualTo(10_000);
                assertThat(b.longs("id")[0]).as("batch %d starts where the one before ended", batches)
                        .isEqualTo(batches * 10_000L);
                rows += b.numRows();
                for (long v : b.longs("id")) {
                    sum += v;
                }
                batches++;
            }
            assertThat(r.hasNext()).isFalse();
            assertThatThrownBy(r::next).isInstanceOf(NoSuchElementException.class);
        }
        assertThat(batches).isEqualTo(100);
        assertThat(rows).isEqualTo(1_000_000);
        assertThat(sum).isEqualTo(999_999L * 1_000_000L / 2);
    }

    @Test
    void batchesArriveBeforeTheRestOfTheFileIsRead() throws Exception {
        // the last line is no number: a reader that loaded the file whole would fail before its first batch
        Path file = copy("SELECT range AS id FROM range(1000000)", dir.resolve("late.csv"), "FORMAT csv, HEADER true");
        Files.writeString(file, "not a number\n", java.nio.file.StandardOpenOption.APPEND);

        try (BatchReader r = FileReader.read(file, FileFormat.CSV, null, 10_000)) {
            assertThat(r.schema()).isEqualTo(Schema.of("id", ColumnType.LONG));
            assertThat(r.next().longs("id")[0]).isZero();
            assertThatThrownBy(() -> r.forEachRemaining(b -> { }))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("cannot read csv file " + file + ": ")
                    .hasMessageContaining("not a number");
            assertThat(r.hasNext()).as("closed by the failure").isFalse();
        }
    }

    @Test
    void theLastBatchHoldsTheRest() throws Exception {
        Path file = copy("SELECT range AS id FROM range(25)", dir.resolve("r.parquet"), "FORMAT parquet");

        assertThat(readAll(file, FileFormat.PARQUET, null, 10)).extracting(Batch::numRows).containsExactly(10, 10, 5);
    }

    @Test
    void mapsDuckDbTypesToColumnTypesAndTemporalsToIsoStrings() throws Exception {
        Path file = copy("SELECT * FROM (VALUES (1::TINYINT, 2::SMALLINT, 3::INTEGER, 4000000000::UINTEGER,"
                + " 5::UBIGINT, 1.5::FLOAT, 2.25::DECIMAL(10,2), true, 'x', '\\x01'::BLOB, DATE '2024-01-02',"
                + " TIME '12:34:56.5', TIMESTAMP '2024-01-02 03:04:05.123', TIMESTAMPTZ '2024-01-02 03:04:05+02',"
                + " TIME '07:08:00'),"
                + " (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL))"
                + " t(ti, si, i, ui, ub, f, d, b, v, bl, dt, tm, ts, tz, tm0)", dir.resolve("types.parquet"),
                "FORMAT parquet");

        Schema schema = FileReader.schema(file, FileFormat.PARQUET);

        assertThat(schema).isEqualTo(Schema.of("ti", ColumnType.LONG, "si", ColumnType.LONG, "i", ColumnType.LONG,
                "ui", ColumnType.LONG, "ub", ColumnType.LONG, "f", ColumnType.DOUBLE, "d", ColumnType.DOUBLE,
                "b", ColumnType.BOOLEAN, "v", ColumnType.STRING, "bl", ColumnType.BINARY, "dt", ColumnType.STRING,
                "tm", ColumnType.STRING, "ts", ColumnType.STRING, "tz", ColumnType.STRING, "tm0", ColumnType.STRING));
        List<Batch> batches = readAll(file, FileFormat.PARQUET, null, 100);
        assertThat(batches).hasSize(1);
        Row row = batches.getFirst().row(0);
        assertThat(row.getLong("ti")).isEqualTo(1);
        assertThat(row.getLong("si")).isEqualTo(2);
        assertThat(row.getLong("i")).isEqualTo(3);
        assertThat(row.getLong("ui")).isEqualTo(4_000_000_000L);
        assertThat(row.getLong("ub")).isEqualTo(5);
        assertThat(row.getDouble("f")).isEqualTo(1.5);
        assertThat(row.getDouble("d")).isEqualTo(2.25);
        assertThat(row.getBoolean("b")).isTrue();
        assertThat(row.getString("v")).isEqualTo("x");
        assertThat(row.getBytes("bl")).containsExactly(1);
        assertThat(row.getString("dt")).isEqualTo("2024-01-02");
        assertThat(row.getString("tm")).isEqualTo("12:34:56.5");
        assertThat(row.getString("ts")).isEqualTo("2024-01-02T03:04:05.123");
        assertThat(row.getString("tz")).isEqualTo("2024-01-02T01:04:05Z");
        assertThat(row.getString("tm0")).isEqualTo("07:08:00");
        Row nulls = batches.getFirst().row(1);
        for (String name : schema.names()) {
            assertThat(nulls.get(name)).as(name).isNull();
            assertThat(batches.getFirst().isNull(name, 1)).as(name).isTrue();
        }
    }

    @Test
    void readsHandWrittenCsvAndJsonLines() throws Exception {
        Path csv = Files.writeString(dir.resolve("iris.csv"), "sepal length,species,n\n5.1,setosa,1\n4.9,,2\n");
        Path json = Files.writeString(dir.resolve("rows.json"),
                "{\"a\": 1, \"b\": \"x\"}\n{\"a\": null, \"b\": \"y\"}\n{\"a\": 3}\n");

        assertThat(FileReader.schema(csv, FileFormat.CSV)).isEqualTo(Schema.of("sepal length", ColumnType.DOUBLE,
                "species", ColumnType.STRING, "n", ColumnType.LONG));
        assertThat(readAll(csv, FileFormat.CSV, null, 10).getFirst().rows()).containsExactly(
                Row.of("sepal length", 5.1, "species", "setosa", "n", 1L),
                Row.of("sepal length", 4.9, "species", null, "n", 2L));
        assertThat(FileReader.countRows(json, FileFormat.JSON)).isEqualTo(3);
        assertThat(readAll(json, FileFormat.JSON, null, 2)).flatExtracting(Batch::rows).containsExactly(
                Row.of("a", 1L, "b", "x"), Row.of("a", null, "b", "y"), Row.of("a", 3L, "b", null));
    }

    @Test
    void aColumnOfOnlyNullsIsAStringColumnOfNulls() throws Exception {
        Path json = Files.writeString(dir.resolve("nulls.json"), "{\"a\": null, \"b\": 1}\n{\"a\": null, \"b\": 2}\n");

        assertThat(FileReader.schema(json, FileFormat.JSON)).isEqualTo(Schema.of("a", ColumnType.STRING,
                "b", ColumnType.LONG));
        assertThat(readAll(json, FileFormat.JSON, null, 10).getFirst().rows())
                .containsExactly(Row.of("a", null, "b", 1L), Row.of("a", null, "b", 2L));
    }

    @Test
    void anUnsignedIntegerOverALongIsRefusedNamingTheColumn() throws Exception {
        Path file = copy("SELECT 18446744073709551615::UBIGINT AS big", dir.resolve("u.parquet"), "FORMAT parquet");

        try (BatchReader r = FileReader.read(file, FileFormat.PARQUET, null, 10)) {
            assertThatThrownBy(r::hasNext)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("column 'big'")
                    .hasMessageContaining("18446744073709551615")
                    .hasMessageContaining(file.toString());
        }
    }

    @Test
    void aMissingColumnIsNamedWithTheFilesColumns() throws Exception {
        Path file = copy("SELECT 1 AS x, 'a' AS y", dir.resolve("xy.parquet"), "FORMAT parquet");

        assertThatThrownBy(() -> FileReader.read(file, FileFormat.PARQUET, List.of("x", "nope"), 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no column 'nope'")
                .hasMessageContaining(file.toString())
                .hasMessageContaining("[x, y]");
    }

    @Test
    void aListColumnIsRefusedNamingItAndItsTypeButTheOthersCanBeRead() throws Exception {
        Path file = copy("SELECT 7 AS id, [1, 2] AS l", dir.resolve("list.parquet"), "FORMAT parquet");

        assertThatThrownBy(() -> FileReader.read(file, FileFormat.PARQUET, null, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("column 'l'")
                .hasMessageContaining("INTEGER[]")
                .hasMessageContaining(file.toString());
        assertThatThrownBy(() -> FileReader.schema(file, FileFormat.PARQUET))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("column 'l'");
        assertThat(readAll(file, FileFormat.PARQUET, List.of("id"), 10).getFirst().rows())
                .containsExactly(Row.of("id", 7L));
    }

    @Test
    void aCorruptFileIsNamedWithDuckDbsReason() throws Exception {
        byte[] noise = new byte[4096];
        new Random(42).nextBytes(noise);
        Path file = Files.write(dir.resolve("x.parquet"), noise);

        assertThatThrownBy(() -> FileReader.read(file, FileFormat.PARQUET, null, 10))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("cannot read parquet file " + file + ": ")
                .hasMessageContaining("x.parquet")
                .hasMessageContaining("magic");
        assertThatThrownBy(() -> FileReader.schema(file, FileFormat.PARQUET))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining(file.toString());
        assertThatThrownBy(() -> FileReader.countRows(file, FileFormat.PARQUET))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining(file.toString());
    }

    @Test
    void aMissingFileIsNamed() {
        Path file = dir.resolve("nothing.csv");

        assertThatThrownBy(() -> FileReader.read(file, FileFormat.CSV, null, 10))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("no such file: " + file);
    }

    @Test
    void closingEarlyEndsTheBatches() throws Exception {
        Path file = copy("SELECT range AS id FROM range(100)", dir.resolve("c.parquet"), "FORMAT parquet");

        BatchReader r = FileReader.read(file, FileFormat.PARQUET, null, 10);
        assertThat(r.next().numRows()).isEqualTo(10);
        r.close();
        r.close();

        assertThat(r.hasNext()).isFalse();
    }

    @Test
    void badArgumentsAreNamed() throws Exception {
        Path file = copy("SELECT 1 AS x", dir.resolve("one.parquet"), "FORMAT parquet");

        assertThatThrownBy(() -> FileReader.read(file, FileFormat.PARQUET, null, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("batchRows must be positive, was 0");
        assertThatThrownBy(() -> FileReader.read(file, FileFormat.PARQUET, List.of(), 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no columns");
        assertThatThrownBy(() -> FileReader.read(file, FileFormat.PARQUET, List.of("x", "x"), 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'x' is asked for twice");
    }
}
