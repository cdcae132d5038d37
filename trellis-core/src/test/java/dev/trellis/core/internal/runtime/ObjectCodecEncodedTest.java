package dev.trellis.core.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.channels.Channels;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The sliced encodings match what the codec writes, at any offset and length. */
class ObjectCodecEncodedTest {
    private static byte[] written(Object value) throws Exception {
        var out = new ByteArrayOutputStream();
        ObjectCodec.write(value, Channels.newChannel(out));
        return out.toByteArray();
    }

    @Test
    void everySliceOfAnEncodingMatchesTheWrittenBytes() throws Exception {
        var random = new Random(11);
        byte[] bytes = new byte[10_007];
        random.nextBytes(bytes);
        int[] ints = random.ints(3_001).toArray();
        long[] longs = random.longs(1_003).toArray();
        double[] doubles = random.doubles(997).toArray();
        float[] floats = new float[1_501];
        for (int i = 0; i < floats.length; i++) {
            floats[i] = random.nextFloat();
        }
        for (Object value : List.of(bytes, ints, longs, doubles, floats, "a string", Map.of("k", 1))) {
            byte[] expected = written(value);
            ObjectCodec.Encoded encoded = ObjectCodec.encoded(value);
            assertThat(encoded.size()).isEqualTo(expected.length);
            // Odd offsets and lengths, across the header and element boundaries.
            for (int trial = 0; trial < 200; trial++) {
                int from = random.nextInt(expected.length);
                int length = 1 + random.nextInt(Math.min(4_000, expected.length - from));
                byte[] slice = new byte[length + 3];
                encoded.copy(from, slice, 3, length);
                for (int i = 0; i < length; i++) {
                    assertThat(slice[3 + i]).as("%s byte %d", value.getClass().getSimpleName(), from + i)
                            .isEqualTo(expected[from + i]);
                }
            }
        }
        assertThat(ObjectCodec.byteArrayLength(written(bytes))).isEqualTo(bytes.length);
        assertThat(ObjectCodec.byteArrayLength(written(ints))).isEqualTo(-1);
    }

    @Test
    void aRefNestedInsideAValueIsRefusedWithAMessageSayingWhatToDo() {
        dev.trellis.core.Trellis.init(dev.trellis.core.TrellisOptions.builder().numCpus(1).build());
        try {
            var ref = dev.trellis.core.Trellis.put(42);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Wire.bytes(List.of(ref)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("cannot be encoded to cross nodes")
                    .hasMessageContaining("an ObjectRef")
                    .hasMessageContaining("pass refs as top-level arguments");
        } finally {
            dev.trellis.core.Trellis.shutdown();
        }
    }
}
