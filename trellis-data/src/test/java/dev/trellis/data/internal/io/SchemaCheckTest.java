package dev.trellis.data.internal.io;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.data.ColumnType;
import dev.trellis.data.Schema;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaCheckTest {
    private static final Path A = Path.of("/data/a.parquet");
    private static final Path B = Path.of("/data/b.parquet");
    private static final Path C = Path.of("/data/c.parquet");
    private static final Schema XY = Schema.of("x", ColumnType.LONG, "y", ColumnType.DOUBLE);

    @Test
    void filesOfOneSchemaPass() {
        assertThatCode(() -> SchemaCheck.sameSchema(List.of(A, B, C), List.of(XY, XY, XY))).doesNotThrowAnyException();
        assertThatCode(() -> SchemaCheck.sameSchema(List.of(), List.of())).doesNotThrowAnyException();
    }

    @Test
    void aTypeMismatchNamesBothFilesBothSchemasAndTheColumn() {
        Schema other = Schema.of("x", ColumnType.LONG, "y", ColumnType.STRING);

        assertThatThrownBy(() -> SchemaCheck.sameSchema(List.of(A, C, B), List.of(XY, XY, other)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("file /data/b.parquet has columns [x: long, y: string] but /data/a.parquet has"
                        + " [x: long, y: double] (y: string there, double in a.parquet)");
    }

    @Test
    void missingExtraAndReorderedColumnsAreNamed() {
        Schema missingAndExtra = Schema.of("x", ColumnType.LONG, "z", ColumnType.BOOLEAN);
        Schema reordered = Schema.of("y", ColumnType.DOUBLE, "x", ColumnType.LONG);

        assertThatThrownBy(() -> SchemaCheck.sameSchema(List.of(A, B), List.of(XY, missingAndExtra)))
                .hasMessageContaining("y missing there, double in a.parquet; z: boolean there, not in a.parquet");
        assertThatThrownBy(() -> SchemaCheck.sameSchema(List.of(A, B), List.of(XY, reordered)))
                .hasMessageContaining("the same columns in another order");
    }

    @Test
    void filesAndSchemasMustPair() {
        assertThatThrownBy(() -> SchemaCheck.sameSchema(List.of(A, B), List.of(XY)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 files but 1 schemas");
    }
}
