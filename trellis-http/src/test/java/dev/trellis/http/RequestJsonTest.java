package dev.trellis.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A JSON body that a record's own checks refuse is a 400 with the record's message, without Jackson's internals. */
class RequestJsonTest {

    /** A record that checks its component, as a request type validating its values does. */
    public record Hour(int hour) {
        public Hour {
            if (hour < 0 || hour > 23) {
                throw new IllegalArgumentException("hour must be from 0 to 23, was " + hour);
            }
        }
    }

    /** A body that holds a checked record in a field. */
    public record Shift(Hour start) {
    }

    private static Request post(String body) {
        return new Request("POST", "/x", "/x", Map.of(), Map.of(), body.getBytes(StandardCharsets.UTF_8), "r");
    }

    @Test
    void aRefusedListElementIsNamedByIndexWithTheRecordsMessage() {
        assertThatThrownBy(() -> post("[{\"hour\": 3}, {\"hour\": 25}]").json(new TypeReference<List<Hour>>() { }))
                .isInstanceOf(BadRequestException.class)
                .hasMessage("invalid element '[1]': hour must be from 0 to 23, was 25");
    }

    @Test
    void aRefusedFieldIsNamedWithTheRecordsMessage() {
        assertThatThrownBy(() -> post("{\"start\": {\"hour\": -1}}").json(Shift.class))
                .isInstanceOf(BadRequestException.class)
                .hasMessage("invalid field 'start': hour must be from 0 to 23, was -1");
    }

    @Test
    void aRefusedBodyIsNamedByItsTypeWithTheRecordsMessage() {
        assertThatThrownBy(() -> post("{\"hour\": 24}").json(Hour.class))
                .isInstanceOf(BadRequestException.class)
                .hasMessage("invalid Hour: hour must be from 0 to 23, was 24");
    }

    @Test
    void acceptedValuesBind() {
        assertThat(post("[{\"hour\": 3}]").json(new TypeReference<List<Hour>>() { })).containsExactly(new Hour(3));
    }
}
