package dev.trellis.data.internal.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.data.Aggregate;
import dev.trellis.data.Batch;
import dev.trellis.data.ColumnType;
import dev.trellis.data.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link Accumulator}: accumulating, merging, nulls, stability and errors. */
class AccumulatorTest {

    private static Object result(Aggregate a, Batch b) {
        return Accumulator.of(a, b.schema()).accumulate(b).result();
    }

    @Test
    void skipsNullsAndKeepsLongTypes() {
        Batch b = Batch.fromRows(List.of(Row.of("n", 5L, "d", 1.5, "s", "pear"), Row.of("n", null, "d", null,
                "s", null), Row.of("n", -2L, "d", 2.5, "s", "apple")));
        assertThat(result(Aggregate.count(), b)).isEqualTo(3L);
        assertThat(result(Aggregate.count("n"), b)).isEqualTo(2L);
        assertThat(result(Aggregate.sum("n"), b)).isEqualTo(3L);
        assertThat(result(Aggregate.min("n"), b)).isEqualTo(-2L);
        assertThat(result(Aggregate.max("n"), b)).isEqualTo(5L);
        assertThat(result(Aggregate.mean("n"), b)).isEqualTo(1.5);
        assertThat(result(Aggregate.sum("d"), b)).isEqualTo(4.0);
        assertThat(result(Aggregate.std("d"), b)).isEqualTo(Math.sqrt(0.5));
        assertThat(result(Aggregate.std("d", 0), b)).isEqualTo(0.5);
        assertThat(result(Aggregate.min("s"), b)).isEqualTo("apple");
        assertThat(result(Aggregate.max("s"), b)).isEqualTo("pear");
    }

    @Test
    void noValuesGiveNullOrZeroAndFewValuesAStdOfNaN() {
        Batch none = Batch.of("d", new double[0]);
        assertThat(result(Aggregate.count("d"), none)).isEqualTo(0L);
        assertThat(result(Aggregate.sum("d"), none)).isNull();
        assertThat(result(Aggregate.mean("d"), none)).isNull();
        assertThat(result(Aggregate.std("d"), none)).isNull();
        Batch one = Batch.of("d", new double[] {4});
        assertThat((Double) result(Aggregate.std("d"), one)).isNaN();
        assertThat(result(Aggregate.std("d", 0), one)).isEqualTo(0.0);
        assertThat((Double) result(Aggregate.std("d", 2), Batch.of("d", new double[] {1, 2}))).isNaN();
    }

    @Test
    void selectedRowsOnly() {
        Batch b = Batch.of("n", new long[] {1, 10, 100, 1000});
        assertThat(Accumulator.of(Aggregate.sum("n"), b.schema()).accumulate(b, new int[] {1, 3}).result())
                .isEqualTo(1010L);
    }

    @Test
    void mergeGivesTheSameAsOnePass() {
        var r = new SplittableRandom(5);
        double[] d = new double[10_000];
        for (int i = 0; i < d.length; i++) {
            d[i] = r.nextGaussian() * 3 + 7;
        }
        Batch all = Batch.of("d", d);
        for (Aggregate a : List.of(Aggregate.sum("d"), Aggregate.mean("d"), Aggregate.std("d"), Aggregate.min("d"),
                Aggregate.max("d"), Aggregate.count("d"))) {
            Accumulator onePass = Accumulator.of(a, all.schema()).accumulate(all);
            Accumulator merged = Accumulator.of(a, all.schema());
            for (Batch piece : OpsFixtures.randomSplit(all, 700, 9)) {
                merged = merged.merge(Accumulator.of(a, all.schema()).accumulate(piece));
            }
            if (onePass.result() instanceof Double expected) {
                OpsFixtures.assertClose((Double) merged.result(), expected, a.name());
            } else {
                assertThat(merged.result()).isEqualTo(onePass.result());
            }
        }
    }

    @Test
    void meanAndStdStayAccurateFarFromZero() {
        // values 1e9 + {0, 1, 2, 3}: a naive sum of squares loses the variance entirely
        double[] d = new double[40_000];
        for (int i = 0; i < d.length; i++) {
            d[i] = 1e9 + (i % 4);
        }
        Batch b = Batch.of("d", d);
        double expectedStd = Math.sqrt(1.25 * d.length / (d.length - 1));
        var parts = new ArrayList<Accumulator>();
        for (Batch piece : OpsFixtures.chunks(b, 333)) {
            parts.add(Accumulator.of(Aggregate.std("d"), b.schema()).accumulate(piece));
        }
        Accumulator merged = parts.stream().reduce(Accumulator::merge).orElseThrow();
        OpsFixtures.assertClose((Double) merged.result(), expectedStd, "std");
        OpsFixtures.assertClose((Double) result(Aggregate.std("d"), b), expectedStd, "std one pass");
        OpsFixtures.assertClose((Double) result(Aggregate.mean("d"), b), 1e9 + 1.5, "mean");
    }

    @Test
    void compensatedSumsDoNotLoseSmallTerms() {
        double[] d = new double[10_001];
        d[0] = 1e16;
        for (int i = 1; i < d.length; i++) {
            d[i] = 1.0;
        }
        assertThat(result(Aggregate.sum("d"), Batch.of("d", d))).isEqualTo(1e16 + 10_000);
        assertThat(result(Aggregate.sum("d"), Batch.of("d", new double[] {1, Double.POSITIVE_INFINITY})))
                .isEqualTo(Double.POSITIVE_INFINITY);
    }

    @Test
    void longSumOverflowFailsNamingTheColumn() {
        Batch b = Batch.of("n", new long[] {Long.MAX_VALUE, 1});
        assertThatThrownBy(() -> result(Aggregate.sum("n"), b)).isInstanceOf(ArithmeticException.class)
                .hasMessageContaining("'n'").hasMessageContaining("overflows");
    }

    @Test
    void mismatchesFailNamingTheColumn() {
        Accumulator longs = Accumulator.of(Aggregate.sum("n"), ColumnType.LONG);
        assertThatThrownBy(() -> longs.accumulate(Batch.of("n", new double[] {1})))
                .hasMessageContaining("'n'").hasMessageContaining("DOUBLE");
        assertThatThrownBy(() -> longs.merge(Accumulator.of(Aggregate.sum("n"), ColumnType.DOUBLE)))
                .hasMessageContaining("cannot merge");
        assertThatThrownBy(() -> longs.merge(Accumulator.of(Aggregate.max("n"), ColumnType.LONG)))
                .hasMessageContaining("cannot merge");
    }
}
