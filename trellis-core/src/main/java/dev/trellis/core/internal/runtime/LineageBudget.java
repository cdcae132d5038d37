package dev.trellis.core.internal.runtime;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Bounds the lineage a node keeps (Ray's {@code max_lineage_bytes}): each task it owns is kept,
 * with its arguments, on its result's entry so that a lost result can be made again, and the
 * arguments it holds (values, and refs that keep upstream objects alive) add up over a long
 * pipeline. Past the budget the oldest lineage is dropped: the entry forgets its task, and a
 * result whose copies are all lost later fails for good, saying why. Freed results give their
 * share back. Thread-safe.
 */
final class LineageBudget {
    private final long maxBytes;
    private final LinkedHashMap<OwnedObjects.Owned, Long> kept = new LinkedHashMap<>();
    private long bytes;
    private long evicted;

    LineageBudget(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Keeps {@code task} as the lineage of {@code result}, costing {@code taskBytes}; drops the oldest over budget. */
    synchronized void keep(OwnedObjects.Owned result, Object task, long taskBytes) {
        result.lineage = task;
        result.lineageDropped = false;
        Long before = kept.put(result, taskBytes);
        bytes += taskBytes - (before == null ? 0 : before);
        for (Iterator<Map.Entry<OwnedObjects.Owned, Long>> it = kept.entrySet().iterator();
             bytes > maxBytes && it.hasNext(); ) {
            var oldest = it.next();
            it.remove();
            bytes -= oldest.getValue();
            oldest.getKey().lineage = null;
            oldest.getKey().lineageDropped = true;
            evicted++;
        }
    }

    /** {@code result} was freed: its lineage no longer counts. */
    synchronized void release(OwnedObjects.Owned result) {
        Long share = kept.remove(result);
        if (share != null) {
            bytes -= share;
        }
    }

    synchronized long bytes() {
        return bytes;
    }

    /** How many results lost their lineage to the budget so far. */
    synchronized long evicted() {
        return evicted;
    }

    long maxBytes() {
        return maxBytes;
    }
}
