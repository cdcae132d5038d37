package dev.trellis.http.internal.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ResponseSequencerTest {
    private final ResponseSequencer<String> sequencer = new ResponseSequencer<>();

    @Test
    void responsesInRequestOrderAreHandedOutAtOnce() {
        long a = sequencer.reserve();
        long b = sequencer.reserve();

        assertThat(sequencer.complete(a, "a", false)).containsExactly("a");
        assertThat(sequencer.complete(b, "b", false)).containsExactly("b");
        assertThat(sequencer.outstanding()).isZero();
    }

    @Test
    void aLaterResponseWaitsForEveryEarlierOne() {
        long a = sequencer.reserve();
        long b = sequencer.reserve();
        long c = sequencer.reserve();

        assertThat(sequencer.complete(c, "c", false)).isEmpty();
        assertThat(sequencer.complete(b, "b", false)).isEmpty();
        assertThat(sequencer.outstanding()).isEqualTo(3);
        assertThat(sequencer.complete(a, "a", false)).containsExactly("a", "b", "c");
        assertThat(sequencer.outstanding()).isZero();
    }

    @Test
    void aStreamedResponseHoldsLaterOnesUntilReleased() {
        long stream = sequencer.reserve();
        long next = sequencer.reserve();

        assertThat(sequencer.complete(stream, "stream", true)).containsExactly("stream");
        assertThat(sequencer.complete(next, "next", false)).isEmpty();
        assertThat(sequencer.outstanding()).isEqualTo(2);
        assertThat(sequencer.release()).containsExactly("next");
        assertThat(sequencer.outstanding()).isZero();
    }

    @Test
    void aStreamedResponseInTheMiddleStopsTheRunAfterIt() {
        long a = sequencer.reserve();
        long stream = sequencer.reserve();
        long c = sequencer.reserve();
        sequencer.complete(c, "c", false);
        sequencer.complete(stream, "stream", true);

        assertThat(sequencer.complete(a, "a", false)).containsExactly("a", "stream");
        assertThat(sequencer.release()).containsExactly("c");
    }

    @Test
    void clearReturnsWhatWasHeldSoItCanBeReleased() {
        long a = sequencer.reserve();
        long b = sequencer.reserve();
        sequencer.complete(b, "b", false);

        assertThat(sequencer.clear()).containsExactly("b");
        assertThat(a).isZero();
    }

    @Test
    void aResponseTwiceOrUnreservedIsABug() {
        long a = sequencer.reserve();
        sequencer.complete(a, "a", false);

        assertThatThrownBy(() -> sequencer.complete(a, "again", false)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> sequencer.complete(7, "x", false)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(sequencer::release).isInstanceOf(IllegalStateException.class);
    }
}
