package dev.trellis.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.serve.InvalidInputException;
import org.junit.jupiter.api.Test;

/** The checks of the examples' request records name the field, what it must be and what came. */
class InputChecksTest {

    @Test
    void aNumberInRangeIsReturned() {
        assertThat(InputChecks.requireBetween("petal length", 1.4, 0, 30)).isEqualTo(1.4);
        assertThat(InputChecks.requireBetween("pickup_hour", 23, 0, 23)).isEqualTo(23);
    }

    @Test
    void aNumberOutOfRangeIsInvalidInputNamingTheFieldTheRangeAndTheValue() {
        assertThatThrownBy(() -> InputChecks.requireBetween("petal length", -1.0, 0, 30))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("petal length must be a finite number from 0 to 30, was -1.0");
        assertThatThrownBy(() -> InputChecks.requireBetween("pickup_hour", 25, 0, 23))
                .hasMessage("pickup_hour must be from 0 to 23, was 25");
    }

    @Test
    void nanAndInfinityAreNeverInRange() {
        assertThatThrownBy(() -> InputChecks.requireBetween("x", Double.NaN, -1e9, 1e9))
                .hasMessage("x must be a finite number from -1000000000 to 1000000000, was NaN");
        assertThatThrownBy(() -> InputChecks.requireBetween("x", Double.POSITIVE_INFINITY, 0, 0.5))
                .hasMessage("x must be a finite number from 0 to 0.5, was Infinity (too large for a double)");
    }

    @Test
    void textMustBeThereAndNotTooLong() {
        assertThat(InputChecks.requireText("text", "", 3)).isEmpty();
        assertThatThrownBy(() -> InputChecks.requireText("text", null, 3))
                .isInstanceOf(InvalidInputException.class).hasMessage("text is required, was null");
        assertThatThrownBy(() -> InputChecks.requireText("text", "abcd", 3))
                .hasMessage("text must have at most 3 characters, had 4");
    }
}
