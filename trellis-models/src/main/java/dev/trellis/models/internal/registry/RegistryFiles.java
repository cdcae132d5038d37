package dev.trellis.models.internal.registry;

import dev.trellis.models.ModelLoadException;
import dev.trellis.models.registry.RegisteredModelVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The registry's models on disk; {@code ModelRegistry} gives them their meaning and messages.
 * <pre>
 * models/&lt;name&gt;/versions/&lt;n&gt;/version.json         {@link VersionMetadata}
 * models/&lt;name&gt;/versions/&lt;n&gt;/artifact/&lt;file&gt;    the model file
 * models/&lt;name&gt;/aliases/&lt;alias&gt;                 the version number, as text
 * </pre>
 * A version exists once its {@code version.json} does: a directory without one is a
 * registration in progress (or one that failed) and is skipped. Every write is atomic
 * ({@link AtomicFiles}). Names must have passed {@link RegistryNames}. Missing things are
 * reported as empty results, never as exceptions; unreadable files throw.
 */
public final class RegistryFiles {
    private static final String VERSION_FILE = "version.json";

    private final Path models;

    public RegistryFiles(Path root) {
        this.models = root.resolve("models");
    }

    /** The names of the models with at least one version directory, sorted. */
    public List<String> modelNames() {
        return childNames(models).stream().filter(RegistryNames::isModelName).toList();
    }

    // ---------------------------------------------------------------- versions

    /** Takes the next version number of {@code name} by creating its directory; see {@link AtomicFiles#createNextNumbered}. */
    public int createVersion(String name) {
        Path versions = versionsDir(name);
        try {
            return AtomicFiles.createNextNumbered(versions);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a version of model '" + name + "' in " + versions, e);
        }
    }

    /** Where the model file {@code fileName} of a version goes. */
    public Path artifact(String name, int version, String fileName) {
        return versionDir(name, version).resolve("artifact").resolve(fileName);
    }

    /** Writes a version's metadata, which completes it: readers see it from now on. */
    public void completeVersion(VersionMetadata metadata) throws IOException {
        AtomicFiles.write(versionDir(metadata.name(), metadata.version()).resolve(VERSION_FILE), metadata.toJson());
    }

    /** Removes what a failed registration left (best effort: readers skip it anyway). */
    public void discardVersion(String name, int version) {
        AtomicFiles.deleteQuietly(versionDir(name, version));
    }

    /** The complete versions of {@code name}, oldest first; empty for an unknown model. */
    public List<RegisteredModelVersion> versions(String name) {
        Map<Integer, List<String>> aliases = aliasesByVersion(name);
        var versions = new ArrayList<RegisteredModelVersion>();
        for (int number : versionNumbers(name)) {
            read(name, number, aliases).ifPresent(versions::add);
        }
        versions.sort(Comparator.comparingInt(RegisteredModelVersion::version));
        return versions;
    }

    /** Version {@code version} of {@code name}, reading only its own metadata. */
    public Optional<RegisteredModelVersion> version(String name, int version) {
        return read(name, version, aliasesByVersion(name));
    }

    /** The highest complete version of {@code name}, reading only its metadata. */
    public Optional<RegisteredModelVersion> latest(String name) {
        Map<Integer, List<String>> aliases = aliasesByVersion(name);
        List<Integer> numbers = new ArrayList<>(versionNumbers(name));
        numbers.sort(Comparator.reverseOrder());
        for (int number : numbers) {
            Optional<RegisteredModelVersion> v = read(name, number, aliases);
            if (v.isPresent()) {
                return v;
            }
        }
        return Optional.empty();
    }

    private List<Integer> versionNumbers(String name) {
        return childNames(versionsDir(name)).stream()
                .filter(RegistryNames::isVersionNumber).map(Integer::parseInt).toList();
    }

    private Optional<RegisteredModelVersion> read(String name, int version, Map<Integer, List<String>> aliases) {
        Path dir = versionDir(name, version);
        VersionMetadata m;
        try {
            m = VersionMetadata.read(dir.resolve(VERSION_FILE));
        } catch (NoSuchFileException e) {
            return Optional.empty(); // no such version, or one being registered right now
        } catch (IOException e) {
            throw new ModelLoadException(e.getMessage(), e);
        }
        return Optional.of(new RegisteredModelVersion(m.name(), m.version(), m.flavor(),
                dir.resolve("artifact").resolve(m.artifact()), Optional.ofNullable(m.modelSignature()),
                Instant.parse(m.created()), Optional.ofNullable(m.runId()), m.source() == null ? "" : m.source(),
                m.description(), m.tags(), aliases.getOrDefault(m.version(), List.of())));
    }

    // ---------------------------------------------------------------- aliases

    /** The aliases of {@code name} and their versions; empty for an unknown model. */
    public SortedMap<String, Integer> aliases(String name) {
        Path dir = aliasesDir(name);
        var aliases = new TreeMap<String, Integer>();
        for (String alias : childNames(dir)) {
            if (!alias.startsWith(".")) { // temporary files
                readAlias(dir.resolve(alias)).ifPresent(v -> aliases.put(alias, v));
            }
        }
        return aliases;
    }

    /** The version {@code alias} of {@code name} points to. */
    public Optional<Integer> alias(String name, String alias) {
        return readAlias(aliasesDir(name).resolve(alias));
    }

    public void writeAlias(String name, String alias, int version) {
        try {
            AtomicFiles.write(aliasesDir(name).resolve(alias), (version + "\n").getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set alias '" + alias + "' of model '" + name + "'", e);
        }
    }

    public void deleteAlias(String name, String alias) {
        try {
            Files.deleteIfExists(aliasesDir(name).resolve(alias));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete alias '" + alias + "' of model '" + name + "'", e);
        }
    }

    private Map<Integer, List<String>> aliasesByVersion(String name) {
        Map<Integer, List<String>> byVersion = new TreeMap<>();
        aliases(name).forEach((alias, v) -> byVersion.computeIfAbsent(v, k -> new ArrayList<>()).add(alias));
        return byVersion;
    }

    private static Optional<Integer> readAlias(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
            if (!RegistryNames.isVersionNumber(text)) {
                throw new ModelLoadException("alias file " + file + " does not hold a version number: '" + text + "'");
            }
            return Optional.of(Integer.parseInt(text));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read alias file " + file, e);
        }
    }

    // ---------------------------------------------------------------- layout

    private Path versionsDir(String name) {
        return models.resolve(name).resolve("versions");
    }

    private Path versionDir(String name, int version) {
        return versionsDir(name).resolve(Integer.toString(version));
    }

    private Path aliasesDir(String name) {
        return models.resolve(name).resolve("aliases");
    }

    /** The names in {@code dir}, sorted; none if it does not exist. */
    private static List<String> childNames(Path dir) {
        try (Stream<Path> children = Files.list(dir)) {
            return children.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }
}
