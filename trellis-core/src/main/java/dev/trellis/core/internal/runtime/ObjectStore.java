package dev.trellis.core.internal.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's objects, within a byte budget. Values made in this JVM are kept as the objects
 * themselves (passed by reference, never copied); when the bytes held pass the budget, the least
 * recently used values are written to the spill directory and read back on demand. Before
 * spilling, {@code reclaim} is asked to free objects nobody refers to any more (the reference
 * tracker's work), since a freed object costs no disk.
 *
 * <p>Thread-safe. Spill writes happen under the store's lock: a put that overflows the budget
 * waits for the disk, which is the back-pressure.
 */
final class ObjectStore {
    private static final Logger LOG = LoggerFactory.getLogger(ObjectStore.class);

    private final long budget;
    private final Path spillDirectory;
    private final BooleanSupplier reclaim;
    /** Access order: the eldest is the least recently used. */
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(64, 0.75f, true);
    private long bytesInMemory;
    private long bytesSpilled;
    private long spills;
    private long restores;
    private long spilledBytesTotal;
    private long restoredBytesTotal;

    private static final class Entry {
        Object value;
        final long size;
        Path spillFile;
        int pins;
        boolean spillable = true;

        Entry(Object value, long size) {
            this.value = value;
            this.size = size;
        }
    }

    /**
     * What the store holds now, for status and metrics: objects, bytes in memory and on disk, and,
     * since the store was made, how many spills and restores there were and the bytes each moved.
     */
    record Stats(int objects, long bytesInMemory, long bytesSpilled, long spills, long restores,
                 long spilledBytesTotal, long restoredBytesTotal) {
    }

    /**
     * @param reclaim frees unreferenced objects (through {@link #delete}); returns true if it may
     *     have freed something
     */
    ObjectStore(long budget, Path spillDirectory, BooleanSupplier reclaim) {
        this.budget = budget;
        this.spillDirectory = spillDirectory;
        this.reclaim = reclaim;
    }

    /** Stores {@code value} under {@code id} (ids are never reused). */
    void put(String id, Object value) {
        long size = SizeEstimator.estimate(value);
        if (bytesOverBudgetWith(size)) {
            reclaim.getAsBoolean();
        }
        synchronized (this) {
            if (entries.containsKey(id)) {
                return;
            }
            entries.put(id, new Entry(value, size));
            bytesInMemory += size;
            spillWhileOverBudget(id);
        }
    }

    private synchronized boolean bytesOverBudgetWith(long size) {
        return bytesInMemory + size > budget;
    }

    /** True if this node holds {@code id}, in memory or on disk. */
    synchronized boolean contains(String id) {
        return entries.containsKey(id);
    }

    /**
     * The value of {@code id}, restored from disk if it was spilled.
     *
     * @throws java.util.NoSuchElementException if this node does not hold it
     */
    Object get(String id) {
        Entry e;
        synchronized (this) {
            e = entries.get(id);
            if (e == null) {
                throw new java.util.NoSuchElementException(id);
            }
            if (e.value != null || e.spillFile == null) {
                return e.value;
            }
            e.pins++;
        }
        try {
            Object restored = readSpilled(e.spillFile);
            synchronized (this) {
                if (entries.get(id) == e && e.value == null) {
                    e.value = restored;
                    bytesInMemory += e.size;
                    bytesSpilled -= e.size;
                    restores++;
                    restoredBytesTotal += e.size;
                    deleteQuietly(e.spillFile);
                    e.spillFile = null;
                    spillWhileOverBudget(id);
                }
            }
            return restored;
        } finally {
            synchronized (this) {
                e.pins--;
            }
        }
    }

    /** Removes {@code id} (and its spill file); true if it was here. */
    boolean delete(String id) {
        Path file;
        synchronized (this) {
            Entry e = entries.remove(id);
            if (e == null) {
                return false;
            }
            if (e.spillFile == null) {
                bytesInMemory -= e.size;
            } else {
                bytesSpilled -= e.size;
            }
            e.value = null;
            file = e.spillFile;
        }
        if (file != null) {
            deleteQuietly(file);
        }
        return true;
    }

    synchronized Stats stats() {
        return new Stats(entries.size(), bytesInMemory, bytesSpilled, spills, restores, spilledBytesTotal,
                restoredBytesTotal);
    }

    /** Removes everything, spill files included. */
    void clear() {
        List<String> ids;
        synchronized (this) {
            ids = new ArrayList<>(entries.keySet());
        }
        ids.forEach(this::delete);
    }

    /** Spills least recently used values (not {@code keep}) until the in-memory bytes fit the budget. */
    private void spillWhileOverBudget(String keep) {
        if (bytesInMemory <= budget) {
            return;
        }
        Map<String, Entry> candidates = new HashMap<>();
        for (var e : entries.entrySet()) {
            Entry entry = e.getValue();
            if (!e.getKey().equals(keep) && entry.value != null && entry.pins == 0 && entry.spillable) {
                candidates.put(e.getKey(), entry);
            }
        }
        for (var e : entries.entrySet()) {
            if (bytesInMemory <= budget) {
                return;
            }
            Entry entry = candidates.get(e.getKey());
            if (entry != null) {
                spill(e.getKey(), entry);
            }
        }
    }

    private void spill(String id, Entry e) {
        Path file = spillDirectory.resolve(id.replaceAll("[^A-Za-z0-9._-]", "_") + ".obj");
        try {
            Files.createDirectories(spillDirectory);
            try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ObjectCodec.write(e.value, out);
            }
        } catch (IOException | RuntimeException ex) {
            // Not every object can be written (Jackson cannot see into every class): keep it in memory.
            e.spillable = false;
            deleteQuietly(file);
            if (String.valueOf(ex.getMessage()).contains("nested inside another object")) {
                // A value holding refs (a task's list of blocks, say) is kept on purpose: its refs must stay valid.
                LOG.debug("object {} ({}, {} bytes) holds refs and stays in memory", id, e.value.getClass().getName(),
                        e.size);
            } else {
                LOG.warn("object {} ({}, {} bytes) cannot be spilled and stays in memory: {}", id,
                        e.value.getClass().getName(), e.size, ex.toString());
            }
            return;
        }
        e.value = null;
        e.spillFile = file;
        bytesInMemory -= e.size;
        bytesSpilled += e.size;
        spills++;
        spilledBytesTotal += e.size;
    }

    private static Object readSpilled(Path file) {
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            // Our own file: every class it names was an object of this JVM.
            return ObjectCodec.read(in, Thread.currentThread().getContextClassLoader(), name -> true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restore spilled object from " + file, e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.debug("cannot delete spill file {}: {}", file, e.toString());
        }
    }
}
