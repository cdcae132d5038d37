package dev.trellis.examples.multiplexed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.serve.InvalidInputException;
import org.junit.jupiter.api.Test;

class SentimentModelTest {
    @Test
    void wordsAreWeightedCaseInsensitively() {
        var model = ModelStore.open("reviews-en");
        assertThat(model.classify("GREAT acting, terrible ending, good music")).isEqualTo(new Sentiment("reviews-en", "positive", 1));
        assertThat(model.classify("nothing to see")).isEqualTo(new Sentiment("reviews-en", "neutral", 0));
    }

    @Test
    void aClosedModelRefusesWork() {
        var model = ModelStore.open("reviews-fr");
        model.close();
        assertThat(model.isClosed()).isTrue();
        assertThatThrownBy(() -> model.classify("bon")).isInstanceOf(IllegalStateException.class)
                .hasMessage("model reviews-fr was closed");
    }

    @Test
    void anUnknownModelIsInvalidInput() {
        assertThatThrownBy(() -> ModelStore.open("nope")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("no sentiment model named 'nope'");
    }
}
