package dev.trellis.data.internal.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.data.Batch;
import java.sql.Connection;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link Sorter} against DuckDB's ORDER BY (nulls first ascending, last descending; ties by id: stable). */
class SorterTest {
    private static Batch data;
    private static Connection duck;

    @BeforeAll
    static void load() throws Exception {
        data = OpsFixtures.data(OpsFixtures.ROWS, 43);
        duck = OpsFixtures.duckDb(data);
    }

    @AfterAll
    static void close() throws Exception {
        duck.close();
    }

    private static List<Object> ids(Batch b) {
        return Arrays.stream(b.longs("id")).boxed().map(Object.class::cast).toList();
    }

    private static List<Object> duckIds(String orderBy) throws Exception {
        return OpsFixtures.query(duck, "SELECT id FROM t ORDER BY " + orderBy + ", id").stream()
                .map(List::getFirst).toList();
    }

    @Test
    void sortsLikeDuckDbAscendingAndDescending() throws Exception {
        assertThat(ids(Sorter.sort(data, List.of("k1"), false))).isEqualTo(duckIds("k1 ASC NULLS FIRST"));
        assertThat(ids(Sorter.sort(data, List.of("k1"), true))).isEqualTo(duckIds("k1 DESC NULLS LAST"));
        assertThat(ids(Sorter.sort(data, List.of("y"), false))).isEqualTo(duckIds("y ASC NULLS FIRST"));
        assertThat(ids(Sorter.sort(data, List.of("s"), true))).isEqualTo(duckIds("s DESC NULLS LAST"));
        assertThat(ids(Sorter.sort(data, List.of("flag"), false))).isEqualTo(duckIds("flag ASC NULLS FIRST"));
        assertThat(ids(Sorter.sort(data, List.of("k2", "x"), false)))
                .isEqualTo(duckIds("k2 ASC NULLS FIRST, x ASC NULLS FIRST"));
        assertThat(ids(Sorter.sort(data, List.of("k2", "k1"), true)))
                .isEqualTo(duckIds("k2 DESC NULLS LAST, k1 DESC NULLS LAST"));
    }

    @Test
    void keepsAllColumnsAndOrdersDoublesByDoubleCompare() {
        Batch b = Batch.of("d", new double[] {Double.NaN, 1, -0.0, 0.0, Double.NEGATIVE_INFINITY}, "i",
                new long[] {0, 1, 2, 3, 4});
        Batch sorted = Sorter.sort(b, List.of("d"), false);
        assertThat(sorted.longs("i")).containsExactly(4, 2, 3, 1, 0);
        assertThat(sorted.doubles("d")).containsExactly(Double.NEGATIVE_INFINITY, -0.0, 0.0, 1, Double.NaN);
        assertThatThrownBy(() -> Sorter.sort(b, List.of(), false)).hasMessageContaining("at least one key");
        assertThatThrownBy(() -> Sorter.sort(b, List.of("zz"), false)).hasMessageContaining("'zz'");
    }

    @Test
    void shuffleIsAPermutationFixedBySeed() {
        Batch b = data.slice(0, 10_000);
        Batch one = Sorter.shuffleRows(b, 1);
        assertThat(ids(one)).isEqualTo(ids(Sorter.shuffleRows(b, 1))).isNotEqualTo(ids(Sorter.shuffleRows(b, 2)))
                .isNotEqualTo(ids(b));
        assertThat(Sorter.sort(one, List.of("id"), false)).isEqualTo(b);
        // rows move whole
        assertThat(one.row(0)).isEqualTo(b.row((int) one.longs("id")[0]));
        assertThat(Sorter.shuffleRows(b.slice(0, 0), 1).numRows()).isZero();
    }
}
