package dev.trellis.http;

import dev.trellis.serve.ResultStream;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * A response whose body is sent as it is produced, with chunked transfer encoding, the
 * counterpart of Starlette's {@code StreamingResponse}. Items that are strings or byte arrays
 * are written as they are; other items are written as JSON, one per line. {@link #events}
 * makes a server-sent-event stream ({@code text/event-stream}), one {@code data:} event per item.
 */
public final class StreamingResponse implements ResultStream<Object> {
    /** Status and headers, sent before the first item. */
    public record Head(int status, String mediaType, Map<String, List<String>> headers, boolean events) {
    }

    private final Head head;
    private final Iterator<?> items;

    private StreamingResponse(Head head, Iterator<?> items) {
        this.head = head;
        this.items = Objects.requireNonNull(items, "items");
    }

    /** A 200 stream of {@code items} with content type {@code mediaType}. */
    public static StreamingResponse of(Stream<?> items, String mediaType) {
        return new StreamingResponse(new Head(200, mediaType, Map.of(), false), items.iterator());
    }

    public static StreamingResponse of(Iterator<?> items, String mediaType) {
        return new StreamingResponse(new Head(200, mediaType, Map.of(), false), items);
    }

    /** Server-sent events: each item becomes one {@code data:} event. */
    public static StreamingResponse events(Stream<?> events) {
        return new StreamingResponse(new Head(200, "text/event-stream", Map.of("cache-control", List.of("no-cache")), true),
                events.iterator());
    }

    /** A copy with another status and extra headers. */
    public StreamingResponse with(int status, Map<String, List<String>> headers) {
        var all = new java.util.LinkedHashMap<>(head.headers());
        all.putAll(headers);
        return new StreamingResponse(new Head(status, head.mediaType(), Map.copyOf(all), head.events()), items);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Iterator<Object> items() {
        return (Iterator<Object>) items;
    }

    @Override
    public Head header() {
        return head;
    }
}
