package dev.trellis.data.internal.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.data.Batch;
import dev.trellis.data.Row;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Groups#split}: the runs of equal keys of a sorted batch. */
class GroupsTest {

    @Test
    void splitsSortedRowsIntoOneBatchPerKey() {
        Batch data = OpsFixtures.data(20_000, 44);
        for (boolean descending : new boolean[] {false, true}) {
            Batch sorted = Sorter.sort(data, List.of("k1", "k2"), descending);
            List<Batch> groups = Groups.split(sorted, List.of("k1", "k2"));
            var seen = new HashSet<List<Object>>();
            int rows = 0;
            for (Batch g : groups) {
                List<Object> key = List.of(String.valueOf(g.value("k1", 0)), String.valueOf(g.value("k2", 0)));
                assertThat(seen.add(key)).as("key %s once", key).isTrue();
                for (int r = 0; r < g.numRows(); r++) {
                    assertThat(g.value("k1", r)).isEqualTo(g.value("k1", 0));
                    assertThat(g.value("k2", r)).isEqualTo(g.value("k2", 0));
                }
                rows += g.numRows();
                assertThat(g.schema()).isEqualTo(data.schema());
            }
            assertThat(rows).isEqualTo(data.numRows());
            assertThat(Batch.concat(groups, null)).isEqualTo(sorted);
            int expected = Aggregation.partial(data, List.of("k1", "k2"), List.of()).groups();
            assertThat(groups).hasSize(expected);
        }
    }

    @Test
    void nullKeysFormOneGroupAndEmptyBatchesNone() {
        Batch b = Batch.fromRows(List.of(Row.of("k", null, "v", 1L), Row.of("k", null, "v", 2L),
                Row.of("k", "a", "v", 3L), Row.of("k", "b", "v", 4L), Row.of("k", "b", "v", 5L)));
        List<Batch> groups = Groups.split(b, List.of("k"));
        var values = new ArrayList<List<Long>>();
        for (Batch g : groups) {
            values.add(java.util.Arrays.stream(g.longs("v")).boxed().toList());
        }
        assertThat(values).containsExactly(List.of(1L, 2L), List.of(3L), List.of(4L, 5L));
        assertThat(Groups.split(b.slice(0, 0), List.of("k"))).isEmpty();
    }

    @Test
    void unsortedInputFailsNamingTheRows() {
        Batch b = Batch.of("k", new long[] {1, 2, 1});
        assertThatThrownBy(() -> Groups.split(b, List.of("k"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not sorted").hasMessageContaining("k=2");
    }
}
