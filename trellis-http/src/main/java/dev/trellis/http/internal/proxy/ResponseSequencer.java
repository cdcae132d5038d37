package dev.trellis.http.internal.proxy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Puts the responses of one HTTP/1.1 connection back in request order. Pipelined requests are
 * answered asynchronously and may finish in any order, but HTTP/1.1 requires responses in the
 * order the requests arrived: each request {@link #reserve() reserves} a sequence number, and a
 * finished response is held here until every earlier one has been handed out.
 *
 * <p>A streamed response <em>holds the line</em>: once its head is handed out, later responses
 * wait until {@link #release()} says its last chunk was written.
 *
 * <p>Not thread-safe: one instance per connection, used only on the connection's event loop.
 *
 * @param <T> the response type
 */
final class ResponseSequencer<T> {
    private record Finished<T>(T response, boolean holdsLine) {
    }

    private final Map<Long, Finished<T>> finished = new HashMap<>();
    private long nextToReserve;
    private long nextToWrite;
    private boolean lineHeld;

    /** The sequence number of the next request. */
    long reserve() {
        return nextToReserve++;
    }

    /**
     * Records the response to request {@code seq} and returns the responses that may now be
     * written, in order (possibly none). {@code holdsLine}: the response is streamed; responses
     * after it stay here until {@link #release()}.
     */
    List<T> complete(long seq, T response, boolean holdsLine) {
        if (seq < nextToWrite || seq >= nextToReserve || finished.containsKey(seq)) {
            throw new IllegalStateException("response " + seq + " was not expected (reserved up to "
                    + (nextToReserve - 1) + ", written up to " + (nextToWrite - 1) + ")");
        }
        if (seq == nextToWrite && !lineHeld && finished.isEmpty()) {
            nextToWrite++;
            lineHeld = holdsLine;
            return List.of(response);
        }
        finished.put(seq, new Finished<>(response, holdsLine));
        return drain();
    }

    /** The streamed response holding the line has ended; returns what may be written now. */
    List<T> release() {
        if (!lineHeld) {
            throw new IllegalStateException("no streamed response holds the line");
        }
        lineHeld = false;
        return drain();
    }

    /** Requests reserved whose responses were not handed out yet (the one holding the line included). */
    int outstanding() {
        return (int) (nextToReserve - nextToWrite) + (lineHeld ? 1 : 0);
    }

    /** Removes and returns every response still held (the connection closed), so they can be released. */
    List<T> clear() {
        var held = new ArrayList<T>(finished.size());
        finished.values().forEach(f -> held.add(f.response()));
        finished.clear();
        return held;
    }

    private List<T> drain() {
        List<T> ready = List.of();
        while (!lineHeld) {
            Finished<T> next = finished.remove(nextToWrite);
            if (next == null) {
                break;
            }
            if (ready.isEmpty()) {
                ready = new ArrayList<>();
            }
            ready.add(next.response());
            nextToWrite++;
            lineHeld = next.holdsLine();
        }
        return ready;
    }
}
