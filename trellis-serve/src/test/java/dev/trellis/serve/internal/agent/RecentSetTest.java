package dev.trellis.serve.internal.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RecentSetTest {
    @Test
    void keepsTheMostRecentElementsUpToItsCapacity() {
        var set = new RecentSet<String>(3);
        for (String s : new String[] {"a", "b", "c", "d"}) {
            set.add(s);
        }

        assertThat(set.size()).isEqualTo(3);
        assertThat(set.contains("a")).isFalse();
        assertThat(set.contains("b")).isTrue();
        assertThat(set.contains("d")).isTrue();
    }

    @Test
    void addingAnElementAgainMakesItTheNewest() {
        var set = new RecentSet<String>(2);
        set.add("a");
        set.add("b");
        set.add("a");
        set.add("c");

        assertThat(set.contains("a")).isTrue();
        assertThat(set.contains("b")).isFalse();
    }

    @Test
    void aCapacityBelowOneIsRefused() {
        assertThatThrownBy(() -> new RecentSet<String>(0)).hasMessage("capacity must be >= 1, was 0");
    }
}
