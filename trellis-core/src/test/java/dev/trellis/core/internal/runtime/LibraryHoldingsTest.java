package dev.trellis.core.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.core.NodeInfo.Holding;
import dev.trellis.core.Resources;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LibraryHoldingsTest {
    private final LibraryHoldings holdings = new LibraryHoldings();

    @Test
    void eachHolderCountsItsReservationsAndTheirSum() {
        holdings.add("serve", Resources.of(1, 0));
        holdings.add("serve", new Resources(0.5, 0.25, Map.of("accelerator", 1.0)));
        holdings.add("train", Resources.NONE);

        assertThat(holdings.snapshot()).containsExactly(
                Map.entry("serve", new Holding(2, new Resources(1.5, 0.25, Map.of("accelerator", 1.0)))),
                Map.entry("train", new Holding(1, Resources.NONE)));
    }

    @Test
    void aReleaseTakesOneReservationOutOnceAndTheLastOneTakesTheHolderOut() {
        var first = holdings.add("serve", Resources.of(0.1, 0));
        var second = holdings.add("serve", Resources.of(0.2, 0));

        first.release();
        first.release();
        assertThat(holdings.snapshot()).containsExactly(Map.entry("serve", new Holding(1, Resources.of(0.2, 0))));

        second.release();
        assertThat(holdings.snapshot()).isEmpty();
    }

    @Test
    void aBadNameIsRefusedNamingWhatAndTheValue() {
        assertThat(LibraryHoldings.checkName("a holder", "serve-2.x_y")).isEqualTo("serve-2.x_y");
        assertThatThrownBy(() -> LibraryHoldings.checkName("a holder", "")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a holder must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit,"
                        + " was ''");
        assertThatThrownBy(() -> LibraryHoldings.checkName("a holder", "-serve"))
                .hasMessageEndingWith("was '-serve'");
        assertThatThrownBy(() -> LibraryHoldings.checkName("a holder", "my serve")).hasMessageEndingWith("was 'my serve'");
        assertThatThrownBy(() -> LibraryHoldings.checkName("a holder", "x".repeat(65)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LibraryHoldings.checkName("a holder", null)).hasMessageEndingWith("was null");
    }
}
