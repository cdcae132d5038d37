package dev.trellis.models.internal.registry;

import dev.trellis.models.ModelLoadException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs' artifacts in the registry: {@code <root>/runs/<run_id>/<path>}, written atomically,
 * found by the path of a {@code runs:/} URI (a file, or a directory holding exactly one file).
 * Run ids and paths must have passed {@link RegistryNames}.
 */
public final class RunArtifacts {
    private final Path root;
    private final Path runs;

    public RunArtifacts(Path root) {
        this.root = root;
        this.runs = root.resolve("runs");
    }

    /** Copies {@code file} to {@code path} in run {@code runId}, replacing what was there. */
    public void log(String runId, String path, Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ModelLoadException("artifact file " + file.toAbsolutePath() + " does not exist"
                    + (Files.isDirectory(file) ? " (it is a directory)" : ""));
        }
        try {
            AtomicFiles.copy(file, runs.resolve(runId).resolve(path));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot log artifact " + path + " of run " + runId, e);
        }
    }

    /**
     * The file {@code path} of run {@code runId} names: the file itself, or the one file in the
     * directory it names. Fails naming the run's (or the directory's) files otherwise.
     */
    public Path find(String runId, String path) {
        Path dir = runs.resolve(runId);
        if (!Files.isDirectory(dir)) {
            throw new ModelLoadException("no run '" + runId + "' in the registry at " + root);
        }
        Path target = dir.resolve(path);
        if (Files.isRegularFile(target)) {
            return target;
        }
        if (Files.isDirectory(target)) {
            List<Path> files = filesUnder(target);
            if (files.size() == 1) {
                return files.getFirst();
            }
            throw new ModelLoadException("artifact directory '" + path + "' of run '" + runId + "' holds "
                    + (files.isEmpty() ? "no files" : files.size() + " files (" + relative(target, files)
                    + "); name one of them in the URI"));
        }
        throw new ModelLoadException("no artifact '" + path + "' in run '" + runId + "'; artifacts: "
                + relative(dir, filesUnder(dir)));
    }

    /** The files under {@code dir}, without temporary ones (their names start with '.'), sorted. */
    private static List<Path> filesUnder(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private static String relative(Path dir, List<Path> files) {
        return files.isEmpty() ? "none" : files.stream().limit(20)
                .map(f -> dir.relativize(f).toString().replace('\\', '/'))
                .collect(Collectors.joining(", ")) + (files.size() > 20 ? ", ..." : "");
    }
}
