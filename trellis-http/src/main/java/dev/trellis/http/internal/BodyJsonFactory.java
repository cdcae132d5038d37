package dev.trellis.http.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;

/**
 * The Jackson factory under every mapper that reads request bodies ({@code Request.json},
 * annotated routes' bodies): Jackson's defaults plus its fast floating-point parser
 * ({@link StreamReadFeature#USE_FAST_DOUBLE_PARSER}, FastDoubleParser, bundled with
 * jackson-core). Model inputs arrive as long arrays of decimals, and the JDK's
 * {@code Float.parseFloat} that Jackson uses otherwise was the largest cost of binding such a
 * body (a 784-value image: about half of the Java time of a request). Both parsers round
 * correctly, so the values bound are the same bits.
 */
public final class BodyJsonFactory {
    private BodyJsonFactory() {
    }

    /** A new factory (mappers own theirs). */
    public static JsonFactory create() {
        return JsonFactory.builder().enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER).build();
    }
}
