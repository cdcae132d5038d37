package dev.trellis.data.internal.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Expands the paths given to a {@code read_*} call into the files to read.
 *
 * <p>Each path is one of:
 * <ul>
 *   <li>a file: read as it is, whatever its name;
 *   <li>a directory: every regular file under it, at any depth, whose name ends with one of
 *       the format's extensions ({@link #extensions}); for {@code binary}, every regular file;
 *   <li>a glob ({@code /data/*.csv}, {@code /data/**}{@code /part-*.parquet}): a path that names
 *       no existing file and holds one of {@code *}, {@code ?}, {@code [} or <code>&#123;</code>.
 *       It is matched, in {@link java.nio.file.FileSystem#getPathMatcher} {@code glob:} syntax,
 *       against the regular files under its fixed prefix (the directories before its first
 *       segment with a wildcard), relative to that prefix; a {@code **}{@code /} also matches no
 *       directory at all. The files matched are read whatever their extension.
 * </ul>
 */
public final class FilePaths {
    private static final List<String> IMAGE_EXTENSIONS = List.of("png", "jpg", "jpeg");

    private FilePaths() {
    }

    /**
     * The files {@code paths} name for {@code format} ({@code parquet}, {@code csv}, {@code json},
     * {@code binary} or {@code images}), absolute, sorted and without repeats.
     *
     * @throws IllegalArgumentException naming the path when it does not exist, when a glob matches
     *     no file or a directory holds no file of the format, and naming the format when it is unknown
     */
    public static List<Path> expand(List<String> paths, String format) {
        List<String> extensions = extensions(format);
        if (paths == null || paths.isEmpty()) {
            throw new IllegalArgumentException("no paths given to read " + format + " files from");
        }
        var out = new TreeSet<Path>();
        for (String p : paths) {
            if (p == null || p.isBlank()) {
                throw new IllegalArgumentException("a blank path in " + paths);
            }
            Path path = Path.of(p).toAbsolutePath().normalize();
            if (Files.isRegularFile(path)) {
                out.add(path);
            } else if (Files.isDirectory(path)) {
                List<Path> found = walk(path, Integer.MAX_VALUE, f -> hasExtension(f, extensions));
                if (found.isEmpty()) {
                    throw new IllegalArgumentException("the directory " + path + " holds no " + describe(format,
                            extensions) + " file");
                }
                out.addAll(found);
            } else if (isGlob(p)) {
                List<Path> found = glob(p);
                if (found.isEmpty()) {
                    throw new IllegalArgumentException("the glob " + p + " matches no file");
                }
                out.addAll(found);
            } else {
                throw new IllegalArgumentException("no such file or directory: " + path);
            }
        }
        return List.copyOf(out);
    }

    /**
     * The extensions, without the dot and in lower case, of the files a directory of
     * {@code format} is read from; empty for {@code binary} (every file).
     */
    public static List<String> extensions(String format) {
        String f = format == null ? "" : format.toLowerCase(Locale.ROOT);
        return switch (f) {
            case "binary" -> List.of();
            case "images" -> IMAGE_EXTENSIONS;
            default -> {
                try {
                    yield FileFormat.of(f).extensions();
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("unknown format '" + format
                            + "': the formats are parquet, csv, json, binary and images", e);
                }
            }
        };
    }

    private static String describe(String format, List<String> extensions) {
        if (extensions.isEmpty()) {
            return "";
        }
        return String.join(", ", extensions.stream().map(e -> "." + e).toList()) + " (" + format + ")";
    }

    private static boolean hasExtension(Path file, List<String> extensions) {
        if (extensions.isEmpty()) {
            return true;
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        for (String e : extensions) {
            if (name.endsWith("." + e)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isGlob(String p) {
        for (char c : p.toCharArray()) {
            if (c == '*' || c == '?' || c == '[' || c == '{') {
                return true;
            }
        }
        return false;
    }

    /** The regular files matching {@code pattern}, relative to its fixed prefix directory. */
    private static List<Path> glob(String pattern) {
        String[] segments = pattern.split("/", -1);
        int first = 0;
        while (first < segments.length && !isGlob(segments[first])) {
            first++;
        }
        String prefix = String.join("/", java.util.Arrays.copyOfRange(segments, 0, first));
        if (pattern.startsWith("/") && prefix.isEmpty()) {
            prefix = "/";
        }
        Path root = Path.of(prefix.isEmpty() ? "." : prefix).toAbsolutePath().normalize();
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        String rest = String.join("/", java.util.Arrays.copyOfRange(segments, first, segments.length));
        // shell-style: "**/" may match no directory, which a java.nio glob does not do by itself
        String syntax = rest.contains("**/") && !rest.contains("{") ? rest.replace("**/", "{**/,}") : rest;
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + syntax);
        int depth = rest.contains("**") ? Integer.MAX_VALUE : segments.length - first;
        return walk(root, depth, f -> matcher.matches(root.relativize(f)));
    }

    private static List<Path> walk(Path root, int depth, java.util.function.Predicate<Path> keep) {
        try (Stream<Path> files = Files.walk(root, depth)) {
            var out = new ArrayList<Path>();
            files.filter(Files::isRegularFile).filter(keep).forEach(f -> out.add(f.normalize()));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the files under " + root + ": " + e, e);
        } catch (UncheckedIOException e) { // a directory unreadable half way through the walk
            throw new UncheckedIOException("cannot list the files under " + root + ": " + e.getCause(), e.getCause());
        }
    }
}
