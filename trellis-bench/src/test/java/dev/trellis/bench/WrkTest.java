package dev.trellis.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WrkTest {
    @Test
    void aJsonBodyBecomesAnEscapedLuaString() {
        assertThat(Wrk.luaString("{\"features\": [1.5, 2]}")).isEqualTo("\"{\\\"features\\\": [1.5, 2]}\"");
        assertThat(Wrk.luaString("a\\b\nc")).isEqualTo("\"a\\\\b\\nc\"");
    }
}
