package dev.trellis.data.internal.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.data.Batch;
import dev.trellis.data.ColumnType;
import dev.trellis.data.Schema;
import dev.trellis.data.internal.Column;
import dev.trellis.data.internal.ColumnBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FileRoundTripTest {
    @TempDir
    Path dir;

    /** Every column type, a column name with a space, nulls in every column, edge values. */
    static Batch sample() {
        var id = new ColumnBuilder("id", ColumnType.LONG, 4);
        id.addLong(Long.MAX_VALUE);
        id.addNull();
        id.addLong(Long.MIN_VALUE);
        id.addLong(0);
        var length = new ColumnBuilder("sepal length", ColumnType.DOUBLE, 4);
        length.addDouble(5.1);
        length.addDouble(-2.5e300);
        length.addNull();
        length.addDouble(0.1);
        var ok = new ColumnBuilder("ok", ColumnType.BOOLEAN, 4);
        ok.add(true);
        ok.add(false);
        ok.add(true);
        ok.addNull();
        var name = new ColumnBuilder("name", ColumnType.STRING, 4);
        name.add("setosa");
        name.add("");
        name.addNull();
        name.add("a,\"b\" é ü 猫");
        var data = new ColumnBuilder("data", ColumnType.BINARY, 4);
        data.add(new byte[] {1, (byte) 0xFF});
        data.addNull();
        data.add("ab".getBytes(StandardCharsets.US_ASCII));
        data.add(new byte[] {0x41, 0});
        Schema schema = Schema.of("id", ColumnType.LONG, "sepal length", ColumnType.DOUBLE, "ok", ColumnType.BOOLEAN,
                "name", ColumnType.STRING, "data", ColumnType.BINARY);
        return Batch.ofColumns(schema, 4, List.of(id.build(), length.build(), ok.build(), name.build(), data.build()));
    }

    static Batch readAll(Path file, FileFormat format, List<String> columns) {
        var batches = new ArrayList<Batch>();
        try (BatchReader r = FileReader.read(file, format, columns, 3)) {
            r.forEachRemaining(batches::add);
            return Batch.concat(batches, r.schema());
        }
    }

    @ParameterizedTest
    @EnumSource(FileFormat.class)
    void roundTripsEveryColumnTypeAndNulls(FileFormat format) {
        Batch in = sample();
        Path file = FileWriter.write(List.of(in).iterator(), dir, "part-0", format);

        assertThat(file).isEqualTo(dir.resolve("part-0." + format.extension())).isRegularFile();
        assertThat(FileReader.countRows(file, format)).isEqualTo(4);
        Batch out = readAll(file, format, null);
        if (format == FileFormat.PARQUET) {
            assertThat(out.schema()).isEqualTo(in.schema());
            assertThat(out).isEqualTo(in);
        } else {
            // CSV and JSON have no binary type: a blob comes back as DuckDB's text of it
            var text = new ColumnBuilder("data", ColumnType.STRING, 4);
            text.add("\\x01\\xFF");
            text.addNull();
            text.add("ab");
            text.add("A\\x00");
            var cols = new ArrayList<Column>(in.columnData().subList(0, 4));
            cols.add(text.build());
            Schema schema = Schema.of("id", ColumnType.LONG, "sepal length", ColumnType.DOUBLE, "ok",
                    ColumnType.BOOLEAN, "name", ColumnType.STRING, "data", ColumnType.STRING);
            assertThat(out).isEqualTo(Batch.ofColumns(schema, 4, cols));
        }
        assertThat(out.isNull("name", 1)).isFalse();
        assertThat(out.value("name", 1)).isEqualTo("");
        assertThat(out.isNull("name", 2)).isTrue();
    }

    @ParameterizedTest
    @EnumSource(FileFormat.class)
    void readsAColumnWithASpaceInItsName(FileFormat format) {
        Path file = FileWriter.write(List.of(sample()).iterator(), dir, "spaced", format);

        Batch out = readAll(file, format, List.of("sepal length", "id"));

        assertThat(out.columnNames()).containsExactly("sepal length", "id");
        assertThat(out.rows().get(0).getDouble("sepal length")).isEqualTo(5.1);
        assertThat(out.isNull("sepal length", 2)).isTrue();
    }

    @Test
    void writesSeveralBatchesAsOneFileInOrder() {
        var batches = List.of(Batch.of("x", new long[] {1, 2}), Batch.of("x", new long[] {3}),
                Batch.of("x", new long[] {4, 5, 6}));

        Path file = FileWriter.write(batches.iterator(), dir.resolve("a/b"), "out", FileFormat.PARQUET);

        assertThat(file).isEqualTo(dir.resolve("a/b/out.parquet"));
        try (var files = Files.list(dir.resolve("a/b"))) {
            assertThat(files).containsExactly(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        var sizes = new ArrayList<Integer>();
        var values = new ArrayList<Long>();
        try (BatchReader r = FileReader.read(file, FileFormat.PARQUET, null, 4)) {
            r.forEachRemaining(b -> {
                sizes.add(b.numRows());
                for (long v : b.longs("x")) {
                    values.add(v);
                }
            });
        }
        assertThat(sizes).containsExactly(4, 2);
        assertThat(values).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    }

    @Test
    void replacesAFileOfTheSameName() {
        FileWriter.write(List.of(Batch.of("x", new long[] {1, 2, 3})).iterator(), dir, "f", FileFormat.CSV);
        Path file = FileWriter.write(List.of(Batch.of("y", new String[] {"z"})).iterator(), dir, "f", FileFormat.CSV);

        assertThat(readAll(file, FileFormat.CSV, null)).isEqualTo(Batch.of("y", new String[] {"z"}));
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void anEmptyInputWithASchemaWritesAFileOfNoRows() {
        Schema schema = Schema.of("id", ColumnType.LONG, "sepal length", ColumnType.DOUBLE, "data", ColumnType.BINARY);

        Path file = FileWriter.write(Collections.emptyList(), schema, dir, "empty", FileFormat.PARQUET);

        assertThat(file).isRegularFile();
        assertThat(FileReader.schema(file, FileFormat.PARQUET)).isEqualTo(schema);
        assertThat(FileReader.countRows(file, FileFormat.PARQUET)).isZero();
        try (BatchReader r = FileReader.read(file, FileFormat.PARQUET, null, 10)) {
            assertThat(r.hasNext()).isFalse();
            assertThat(r.schema()).isEqualTo(schema);
        }
    }

    @Test
    void anEmptyInputWithoutASchemaWritesNothing() throws Exception {
        Path written = FileWriter.write(Collections.<Batch>emptyIterator(), dir.resolve("out"), "none",
                FileFormat.JSON);

        assertThat(written).isNull();
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void batchesOfAnotherSchemaAreRefusedNamingTheBatch() throws Exception {
        var batches = List.of(Batch.of("x", new long[] {1}), Batch.of("x", new double[] {1.5}));

        assertThatThrownBy(() -> FileWriter.write(batches.iterator(), dir, "mixed", FileFormat.PARQUET))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("batch 1")
                .hasMessageContaining("[x: double]")
                .hasMessageContaining("[x: long]");
        try (var files = Files.list(dir)) {
            assertThat(files).as("no file, and no temporary file, is left").isEmpty();
        }
    }

    @Test
    void aStemWithASeparatorIsRefused() {
        assertThatThrownBy(() -> FileWriter.write(List.of(sample()).iterator(), dir, "a/b", FileFormat.CSV))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'a/b'");
    }
}
