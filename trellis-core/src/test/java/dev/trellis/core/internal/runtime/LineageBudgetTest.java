package dev.trellis.core.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LineageBudgetTest {
    private final LineageBudget budget = new LineageBudget(1_000);

    private static OwnedObjects.Owned result(String id) {
        return new OwnedObjects.Owned(id, "n1");
    }

    @Test
    void dropsTheOldestLineageOverTheBudgetAndFreedResultsGiveTheirShareBack() {
        var a = result("a");
        var b = result("b");
        var c = result("c");
        budget.keep(a, "task-a", 400);
        budget.keep(b, "task-b", 400);
        assertThat(budget.bytes()).isEqualTo(800);

        budget.keep(c, "task-c", 400);

        assertThat(a.lineage).isNull();
        assertThat(a.lineageDropped).isTrue();
        assertThat(b.lineage).isEqualTo("task-b");
        assertThat(c.lineage).isEqualTo("task-c");
        assertThat(budget.bytes()).isEqualTo(800);
        assertThat(budget.evicted()).isEqualTo(1);

        budget.release(b);
        assertThat(budget.bytes()).isEqualTo(400);
        budget.keep(result("d"), "task-d", 500);
        assertThat(c.lineage).as("900 bytes fit").isEqualTo("task-c");
    }

    @Test
    void aTaskAboveTheWholeBudgetKeepsNoLineageAndARetryReplacesItsShare() {
        var big = result("big");
        budget.keep(big, "huge", 5_000);
        assertThat(big.lineage).isNull();
        assertThat(big.lineageDropped).isTrue();
        assertThat(budget.bytes()).isZero();

        var r = result("r");
        budget.keep(r, "first", 300);
        budget.keep(r, "retry", 300);
        assertThat(r.lineage).isEqualTo("retry");
        assertThat(budget.bytes()).isEqualTo(300);
    }

    @Test
    void aZeroBudgetKeepsNothing() {
        var none = new LineageBudget(0);
        var r = result("r");
        none.keep(r, "task", 1);
        assertThat(r.lineage).isNull();
        assertThat(none.bytes()).isZero();
    }
}
