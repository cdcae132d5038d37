package dev.trellis.serve.internal.agent;

import java.util.Iterator;
import java.util.LinkedHashSet;

/**
 * The most recent {@code capacity} elements added: adding one more forgets the oldest. Not
 * thread-safe; {@link CallRegistry} guards it with its lock.
 */
final class RecentSet<T> {
    private final int capacity;
    private final LinkedHashSet<T> elements = new LinkedHashSet<>();

    RecentSet(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
        }
        this.capacity = capacity;
    }

    void add(T element) {
        elements.remove(element);
        elements.add(element);
        if (elements.size() > capacity) {
            Iterator<T> oldest = elements.iterator();
            oldest.next();
            oldest.remove();
        }
    }

    void remove(T element) {
        elements.remove(element);
    }

    boolean contains(T element) {
        return elements.contains(element);
    }

    int size() {
        return elements.size();
    }
}
