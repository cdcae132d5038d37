package dev.trellis.core.internal.runtime;

import dev.trellis.core.NodeInfo;
import dev.trellis.core.Resources;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What the libraries on a node (Serve) hold of its resources, by holder: the count of
 * reservations and their sum, for the node's report. Each reservation is counted once and taken
 * away once: {@link Held#release()} is idempotent. Thread-safe (one lock; every call is short).
 */
final class LibraryHoldings {
    /** Holder and endpoint names: a letter or digit, then letters, digits, '.', '_' or '-'; at most 64. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /** The reservations held now, by holder; summed when asked, so that releases leave no rounding behind. */
    private final Map<String, Set<Held>> byHolder = new HashMap<>();

    /** One reservation, counted until {@link #release()}. */
    final class Held {
        private final String holder;
        private final Resources resources;
        private boolean released;

        private Held(String holder, Resources resources) {
            this.holder = holder;
            this.resources = resources;
        }

        /** Takes this reservation out of its holder's tally; later calls do nothing. */
        void release() {
            synchronized (LibraryHoldings.this) {
                if (released) {
                    return;
                }
                released = true;
                Set<Held> held = byHolder.get(holder);
                held.remove(this);
                if (held.isEmpty()) {
                    byHolder.remove(holder);
                }
            }
        }
    }

    /** Counts a reservation of {@code resources} for {@code holder} (a name {@link #checkName} accepts). */
    synchronized Held add(String holder, Resources resources) {
        Held held = new Held(holder, resources);
        byHolder.computeIfAbsent(holder, h -> new LinkedHashSet<>()).add(held);
        return held;
    }

    /** Each holder's reservations and their sum now, sorted by holder. */
    synchronized Map<String, NodeInfo.Holding> snapshot() {
        var out = new TreeMap<String, NodeInfo.Holding>();
        byHolder.forEach((holder, held) -> {
            Resources sum = Resources.NONE;
            for (Held h : held) {
                sum = sum.plus(h.resources);
            }
            out.put(holder, new NodeInfo.Holding(held.size(), sum));
        });
        return out;
    }

    /** {@code name}, if it is a valid holder or endpoint name; else an {@link IllegalArgumentException} naming {@code what}. */
    static String checkName(String what, String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(what + " must be 1 to 64 letters, digits, '.', '_' or '-', starting with"
                    + " a letter or digit, was " + (name == null ? "null" : "'" + name + "'"));
        }
        return name;
    }
}
