package dev.trellis.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HandleOptionsTest {
    @Test
    void noModelIdByDefault() {
        assertThat(HandleOptions.builder().build()).isEqualTo(HandleOptions.DEFAULT);
        assertThat(HandleOptions.DEFAULT.multiplexedModelId()).isNull();
    }

    @Test
    void aModelIdIsKeptAndCanBeChangedOrCleared() {
        HandleOptions a = HandleOptions.builder().multiplexedModelId("customer-a/v2").build();
        assertThat(a.multiplexedModelId()).isEqualTo("customer-a/v2");
        assertThat(a.toBuilder().multiplexedModelId("b").build().multiplexedModelId()).isEqualTo("b");
        assertThat(a.toBuilder().multiplexedModelId(null).build()).isEqualTo(HandleOptions.DEFAULT);
        assertThat(a.toBuilder().build()).isEqualTo(a);
    }

    @Test
    void aBlankModelIdIsRefusedNamingTheOptionAndValue() {
        assertThatThrownBy(() -> HandleOptions.builder().multiplexedModelId(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("multiplexed_model_id must not be blank, was ' '");
        assertThatThrownBy(() -> HandleOptions.builder().multiplexedModelId(""))
                .hasMessage("multiplexed_model_id must not be blank, was ''");
    }

    @Test
    void aModelIdLongerThanTheLimitIsRefused() {
        String longId = "m".repeat(HandleOptions.MAX_MODEL_ID_LENGTH + 1);
        assertThat(HandleOptions.checkModelId("m".repeat(HandleOptions.MAX_MODEL_ID_LENGTH))).hasSize(512);
        assertThatThrownBy(() -> HandleOptions.builder().multiplexedModelId(longId))
                .hasMessageStartingWith("multiplexed_model_id must be at most 512 characters, was 513 ('mmmm");
    }

    @Test
    void aModelIdWithControlCharactersIsRefusedShowingThem() {
        assertThatThrownBy(() -> HandleOptions.builder().multiplexedModelId("a\nb"))
                .hasMessage("multiplexed_model_id must not contain control characters, was 'a\\u000ab'");
    }

    @Test
    void theRecordValidatesToo() {
        assertThatThrownBy(() -> new HandleOptions("\t")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("multiplexed_model_id");
    }
}
