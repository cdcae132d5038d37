package dev.trellis.data.internal.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import dev.trellis.data.Aggregate;
import dev.trellis.data.Batch;
import dev.trellis.data.ColumnType;
import dev.trellis.data.Schema;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Aggregate}'s names, types and errors, and the states crossing nodes as plain values. */
class AggregateTest {
    private static final Schema SCHEMA = Schema.of("n", ColumnType.LONG, "d", ColumnType.DOUBLE,
            "s", ColumnType.STRING, "b", ColumnType.BOOLEAN, "bin", ColumnType.BINARY);

    @Test
    void namesFollowRay() {
        assertThat(List.of(Aggregate.count(), Aggregate.count("n"), Aggregate.sum("n"), Aggregate.min("n"),
                Aggregate.max("n"), Aggregate.mean("n"), Aggregate.std("n"), Aggregate.std("n", 0)))
                .extracting(Aggregate::name)
                .containsExactly("count()", "count(n)", "sum(n)", "min(n)", "max(n)", "mean(n)", "std(n)", "std(n)");
        assertThat(Aggregate.std("n").ddof()).isEqualTo(1);
        Aggregate renamed = Aggregate.mean("d").as("avg_d");
        assertThat(renamed).isEqualTo(new Aggregate(Aggregate.Kind.MEAN, "d", 0, "avg_d"));
    }

    @Test
    void resultTypesKeepLongsForSumMinMax() {
        assertThat(Aggregate.sum("n").resultType(SCHEMA)).isEqualTo(ColumnType.LONG);
        assertThat(Aggregate.min("n").resultType(SCHEMA)).isEqualTo(ColumnType.LONG);
        assertThat(Aggregate.max("d").resultType(SCHEMA)).isEqualTo(ColumnType.DOUBLE);
        assertThat(Aggregate.mean("n").resultType(SCHEMA)).isEqualTo(ColumnType.DOUBLE);
        assertThat(Aggregate.std("n").resultType(SCHEMA)).isEqualTo(ColumnType.DOUBLE);
        assertThat(Aggregate.min("s").resultType(SCHEMA)).isEqualTo(ColumnType.STRING);
        assertThat(Aggregate.count("bin").resultType(SCHEMA)).isEqualTo(ColumnType.LONG);
        assertThat(Aggregate.count().resultType(SCHEMA)).isEqualTo(ColumnType.LONG);
    }

    @Test
    void unsupportedTypesFailNamingColumnAndType() {
        assertThatThrownBy(() -> Aggregate.sum("s").resultType(SCHEMA)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'s'").hasMessageContaining("STRING");
        assertThatThrownBy(() -> Aggregate.mean("b").resultType(SCHEMA)).hasMessageContaining("'b'")
                .hasMessageContaining("BOOLEAN");
        assertThatThrownBy(() -> Aggregate.max("bin").resultType(SCHEMA)).hasMessageContaining("'bin'")
                .hasMessageContaining("BINARY");
        assertThatThrownBy(() -> Aggregate.std("missing").resultType(SCHEMA)).hasMessageContaining("'missing'");
        assertThatThrownBy(() -> Aggregation.partial(Batch.of("k", new long[] {1}, "s", new String[] {"a"}),
                List.of("k"), List.of(Aggregate.sum("s")))).hasMessageContaining("'s'").hasMessageContaining("STRING");
        assertThatThrownBy(() -> Aggregate.std("n", -1)).hasMessageContaining("ddof -1");
        assertThatThrownBy(() -> new Aggregate(Aggregate.Kind.SUM, null, 0, "x")).hasMessageContaining("column");
        assertThatThrownBy(() -> Aggregate.sum("n").as(" ")).hasMessageContaining("blank");
    }

    @Test
    void duplicateOutputNamesFail() {
        Batch b = Batch.of("k", new long[] {1}, "n", new long[] {2});
        assertThatThrownBy(() -> Aggregation.partial(b, List.of("k"), List.of(Aggregate.sum("n"), Aggregate.sum("n"))))
                .hasMessageContaining("'sum(n)'").hasMessageContaining("as(");
        assertThatThrownBy(() -> Aggregation.partial(b, List.of("k"), List.of(Aggregate.sum("n").as("k"))))
                .hasMessageContaining("key column");
        assertThatThrownBy(() -> Aggregation.partial(b, List.of("nope"), List.of(Aggregate.count())))
                .hasMessageContaining("'nope'");
    }

    @Test
    void aggregatesAndStatesRoundTripThroughJsonAndCbor() throws Exception {
        Batch data = OpsFixtures.data(2000, 3);
        List<Aggregate> aggs = List.of(Aggregate.count(), Aggregate.sum("x"), Aggregate.sum("y"), Aggregate.min("s"),
                Aggregate.max("y"), Aggregate.mean("x"), Aggregate.std("y", 0).as("sd"));
        for (ObjectMapper mapper : List.of(new ObjectMapper(), new CBORMapper())) {
            for (Aggregate a : aggs) {
                assertThat(mapper.readValue(mapper.writeValueAsBytes(a), Aggregate.class)).isEqualTo(a);
            }
            List<Accumulator> accs = Aggregation.accumulate(data, aggs);
            for (Accumulator acc : accs) {
                assertThat(mapper.readValue(mapper.writeValueAsBytes(acc), Accumulator.class)).isEqualTo(acc);
            }
            GroupedPartial p = Aggregation.partial(data, List.of("k1", "k2"), aggs);
            GroupedPartial back = mapper.readValue(mapper.writeValueAsBytes(p), GroupedPartial.class);
            assertThat(back.keys()).isEqualTo(p.keys());
            assertThat(Aggregation.finish(back)).isEqualTo(Aggregation.finish(p));
            // and a decoded partial merges with a live one
            assertThat(Aggregation.finish(Aggregation.merge(List.of(back, p))).numRows())
                    .isEqualTo(Aggregation.finish(p).numRows());
        }
    }
}
