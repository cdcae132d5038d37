package dev.trellis.examples.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.serve.InvalidInputException;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The graph's preprocessors refuse what they cannot use, naming the element, before they work. */
class PreprocessorsTest {

    @Test
    void theAverageOfNumbers() {
        assertThat(Preprocessors.average(List.of(1, 2.5))).isEqualTo(1.75);
    }

    /** A JSON array reaches the function as parsed, so its elements may be anything (issue 13: a ClassCastException). */
    @Test
    @SuppressWarnings("unchecked")
    void anElementThatIsNoNumberIsInvalidInputNamingIt() {
        List<? extends Number> parsed = (List<? extends Number>) (List<?>) List.of(1, "x");

        assertThatThrownBy(() -> Preprocessors.average(parsed)).isInstanceOf(InvalidInputException.class)
                .hasMessage("avg_preprocessor needs numbers, element 1 was \"x\"");
        assertThatThrownBy(() -> Preprocessors.average(Arrays.asList(1, null)))
                .hasMessage("avg_preprocessor needs numbers, element 1 was null");
    }

    @Test
    void aNumberOutOfRangeIsInvalidInput() {
        assertThatThrownBy(() -> Preprocessors.average(List.of(1, Double.POSITIVE_INFINITY)))
                .hasMessage("element 1 of avg_preprocessor's list must be a finite number from -1000000000 to 1000000000,"
                        + " was Infinity (too large for a double)");
    }

    @Test
    void noNumbersOrTooManyAreInvalidInput() {
        assertThatThrownBy(() -> Preprocessors.average(List.of())).hasMessage("avg_preprocessor needs 1 to 1000 numbers, was 0 numbers");
        assertThatThrownBy(() -> Preprocessors.average(Collections.nCopies(1_001, 1)))
                .hasMessage("avg_preprocessor needs 1 to 1000 numbers, was 1001 numbers");
        assertThatThrownBy(() -> Preprocessors.average(null)).hasMessage("avg_preprocessor needs 1 to 1000 numbers, was null");
    }

    @Test
    void noTextIsInvalidInput() {
        assertThatThrownBy(() -> Preprocessors.preprocess(null)).isInstanceOf(InvalidInputException.class)
                .hasMessage("preprocessor needs a whole number, was null");
    }
}
