package dev.trellis.models.internal.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * File writes a concurrent reader never sees half done: every file is written to a temporary
 * file in the same directory (its name starts with '.', which no registry name may) and then
 * renamed over the target in one atomic step. And numbered directories handed out with
 * create-new semantics, so two processes never get the same number.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Writes {@code content} to {@code target} atomically, replacing what was there. */
    public static void write(Path target, byte[] content) throws IOException {
        Path dir = target.getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, ".tmp-", "-" + target.getFileName());
        try {
            Files.write(temp, content);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Copies {@code source} to {@code target} atomically, replacing what was there. */
    public static void copy(Path source, Path target) throws IOException {
        Path dir = target.getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, ".tmp-", "-" + target.getFileName());
        try {
            Files.copy(source, temp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Creates the next numbered directory under {@code parent} (1, 2, ...: one more than the
     * highest there) and returns its number. {@link Files#createDirectory} fails if the directory
     * exists, so of two processes racing for a number one gets it and the other tries the next.
     */
    public static int createNextNumbered(Path parent) throws IOException {
        Files.createDirectories(parent);
        int next = highestNumber(parent) + 1;
        while (true) {
            try {
                Files.createDirectory(parent.resolve(Integer.toString(next)));
                return next;
            } catch (FileAlreadyExistsException e) {
                next++;
            }
        }
    }

    /** The highest numbered directory under {@code parent}, 0 for none. */
    public static int highestNumber(Path parent) throws IOException {
        if (!Files.isDirectory(parent)) {
            return 0;
        }
        try (Stream<Path> children = Files.list(parent)) {
            return children.map(p -> p.getFileName().toString())
                    .filter(RegistryNames::isVersionNumber)
                    .mapToInt(Integer::parseInt)
                    .max().orElse(0);
        }
    }

    /** Deletes {@code dir} and everything under it; best effort (for cleaning up after a failure). */
    public static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // Left behind: a directory without version.json is skipped by every reader.
        }
    }
}
