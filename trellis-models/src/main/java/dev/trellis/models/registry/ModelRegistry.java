package dev.trellis.models.registry;

import dev.trellis.models.Model;
import dev.trellis.models.ModelLoadException;
import dev.trellis.models.ModelSignature;
import dev.trellis.models.Models;
import dev.trellis.models.internal.ModelRuntime;
import dev.trellis.models.internal.ModelRuntimes;
import dev.trellis.models.internal.registry.AtomicFiles;
import dev.trellis.models.internal.registry.RegistryFiles;
import dev.trellis.models.internal.registry.RegistryNames;
import dev.trellis.models.internal.registry.RunArtifacts;
import dev.trellis.models.internal.registry.VersionMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A model registry in a local directory, the counterpart of MLflow's model registry with a file
 * store: register model files as numbered versions, point aliases at versions, and load models by
 * {@link ModelUri} ({@code models:/iris@champion}, {@code models:/iris/3}, {@code runs:/...}, a path).
 *
 * <pre>{@code
 * ModelRegistry registry = ModelRegistry.open(Path.of("/srv/models"));
 * RegisteredModelVersion v = registry.register("iris", "build/iris.onnx");   // version 1, 2, ...
 * registry.setAlias("iris", "champion", v.version());
 * try (Model model = registry.load("models:/iris@champion")) { ... }
 * }</pre>
 *
 * <p>The store ({@link #defaultRoot()} unless a root is given):
 * <pre>
 * models/&lt;name&gt;/versions/&lt;n&gt;/version.json         flavor, signature, created, source, run id, ...
 * models/&lt;name&gt;/versions/&lt;n&gt;/artifact/&lt;file&gt;    a copy of the registered file: it never changes
 * models/&lt;name&gt;/aliases/&lt;alias&gt;                 the version number the alias points to
 * runs/&lt;run_id&gt;/&lt;path&gt;                            artifacts logged by runs ({@link #logArtifact})
 * </pre>
 *
 * <p>Safe for many threads and processes at once: every file is written to a temporary file and
 * renamed into place, so readers see the old or the new content, never a part; version numbers
 * are taken by creating their directory, which only one process can do; a version exists for
 * readers once its {@code version.json} does. Versions are never deleted or renumbered.
 *
 * <p>Unknown names, versions, aliases, runs and missing files throw {@link ModelLoadException}
 * naming what is missing and what exists; bad names and values throw
 * {@link IllegalArgumentException}.
 */
public final class ModelRegistry {
    /** System property naming the default registry directory (wins over {@link #ROOT_ENV}). */
    public static final String ROOT_PROPERTY = "trellis.model.registry";
    /** Environment variable naming the default registry directory. */
    public static final String ROOT_ENV = "TRELLIS_MODEL_REGISTRY";
    /** The default registry directory, relative to the working directory (like MLflow's {@code ./mlruns}). */
    public static final Path DEFAULT_RELATIVE_ROOT = Path.of(".trellis", "models");

    private static final Logger LOG = LoggerFactory.getLogger(ModelRegistry.class);

    private final Path root;
    private final InstantSource clock;
    private final RegistryFiles files;
    private final RunArtifacts runs;

    private ModelRegistry(Path root, InstantSource clock) {
        this.root = root.toAbsolutePath().normalize();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.files = new RegistryFiles(this.root);
        this.runs = new RunArtifacts(this.root);
    }

    /** The registry in {@code root} (created on the first write); times come from the system clock. */
    public static ModelRegistry open(Path root) {
        return open(root, InstantSource.system());
    }

    /** The registry in {@code root}, stamping new versions with {@code clock}'s time. */
    public static ModelRegistry open(Path root, InstantSource clock) {
        return new ModelRegistry(Objects.requireNonNull(root, "root"), clock);
    }

    /** The registry in {@link #defaultRoot()}. */
    public static ModelRegistry openDefault() {
        return open(defaultRoot());
    }

    /**
     * The default registry directory: the system property {@value #ROOT_PROPERTY}, else the
     * environment variable {@value #ROOT_ENV}, else {@code .trellis/models} in the working directory.
     */
    public static Path defaultRoot() {
        String property = System.getProperty(ROOT_PROPERTY);
        if (property != null && !property.isBlank()) {
            return Path.of(property).toAbsolutePath();
        }
        String env = System.getenv(ROOT_ENV);
        if (env != null && !env.isBlank()) {
            return Path.of(env).toAbsolutePath();
        }
        return DEFAULT_RELATIVE_ROOT.toAbsolutePath();
    }

    /** A new run id for {@link #logArtifact}: 32 hex digits, as MLflow makes them. */
    public static String newRunId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    public Path root() {
        return root;
    }

    // ---------------------------------------------------------------- register

    /** Registers the model file or URI {@code source} as the next version of {@code name}; see {@link #register(String, ModelUri, Consumer)}. */
    public RegisteredModelVersion register(String name, String source) {
        return register(name, ModelUri.parse(source), o -> { });
    }

    /** Registers {@code source} (a path or URI) with options; see {@link #register(String, ModelUri, Consumer)}. */
    public RegisteredModelVersion register(String name, String source, Consumer<ModelRegistration.Builder> options) {
        return register(name, ModelUri.parse(source), options);
    }

    /**
     * Registers {@code source} as the next version of model {@code name} (MLflow's
     * {@code register_model}), creating the model if it is new. The file {@code source} names (a
     * path, a {@code runs:/} artifact or another registered version) is copied into the registry,
     * so later changes to it do not change the version. The flavor is the option's, else the
     * source version's, else the runtime that recognizes the file name. If that runtime can load
     * the file its signature is recorded; if not, the version is registered without one (and a
     * warning logged). Then the option's aliases are pointed at the new version.
     *
     * @throws IllegalArgumentException for a bad name or an unknown flavor
     * @throws ModelLoadException       if the source does not exist or no runtime reads it
     */
    public RegisteredModelVersion register(String name, ModelUri source,
                                           Consumer<ModelRegistration.Builder> options) {
        RegistryNames.requireModelName(name);
        var b = ModelRegistration.builder();
        options.accept(b);
        ModelRegistration registration = b.build();
        LocatedModel from = locate(source);
        if (!Files.isRegularFile(from.artifact())) {
            throw new ModelLoadException("model file " + from.artifact() + " does not exist"
                    + (Files.isDirectory(from.artifact()) ? " (it is a directory; register one model file)" : ""));
        }
        String flavor = flavorFor(from, registration);
        String runId = source instanceof ModelUri.Run run ? run.runId()
                : from.version() != null ? from.version().runId().orElse(null) : null;
        int version = files.createVersion(name);
        try {
            Path artifact = files.artifact(name, version, from.artifact().getFileName().toString());
            AtomicFiles.copy(from.artifact(), artifact);
            ModelSignature signature = signatureOf(artifact, flavor, name, version);
            files.completeVersion(new VersionMetadata(VersionMetadata.FORMAT, name, version, flavor,
                    artifact.getFileName().toString(), clock.instant().toString(), source.toString(), runId,
                    registration.description(), registration.tags(), VersionMetadata.signatureOf(signature)));
        } catch (IOException | RuntimeException e) {
            files.discardVersion(name, version);
            if (e instanceof IOException io) {
                throw new UncheckedIOException("cannot register version " + version + " of model '" + name + "'", io);
            }
            throw (RuntimeException) e;
        }
        for (String alias : registration.aliases()) {
            setAlias(name, alias, version);
        }
        LOG.info("registered {} version {} ({}) from {}", name, version, flavor, source);
        return version(name, version);
    }

    private static String flavorFor(LocatedModel from, ModelRegistration registration) {
        if (registration.flavor().isPresent()) {
            String flavor = registration.flavor().get();
            if (ModelRuntimes.all().stream().noneMatch(r -> r.flavor().equals(flavor))) {
                throw new IllegalArgumentException("flavor '" + flavor + "' is unknown; flavors: " + flavors());
            }
            return flavor;
        }
        if (from.flavor() != null) {
            return from.flavor();
        }
        return ModelRuntimes.all().stream().filter(r -> r.recognizes(from.artifact())).findFirst()
                .map(ModelRuntime::flavor)
                .orElseThrow(() -> new ModelLoadException("no model runtime recognizes the file name "
                        + from.artifact().getFileName() + "; name its flavor (flavors: " + flavors() + ")"));
    }

    private static String flavors() {
        String flavors = ModelRuntimes.all().stream().map(ModelRuntime::flavor).collect(Collectors.joining(", "));
        return flavors.isEmpty() ? "none in this build" : flavors;
    }

    /** The signature the runtime reports, or null if it cannot load the file (which is not fatal here). */
    private static ModelSignature signatureOf(Path artifact, String flavor, String name, int version) {
        try (Model model = ModelRuntimes.byFlavor(flavor).load(artifact)) {
            return model.signature();
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("registering {} version {} without a signature: the {} runtime could not load {}: {}",
                    name, version, flavor, artifact.getFileName(), e.toString());
            return null;
        }
    }

    // ---------------------------------------------------------------- read

    /** Every registered model, by name. */
    public List<RegisteredModel> list() {
        var result = new ArrayList<RegisteredModel>();
        for (String name : files.modelNames()) {
            List<RegisteredModelVersion> versions = files.versions(name);
            if (!versions.isEmpty()) {
                result.add(new RegisteredModel(name, versions, files.aliases(name)));
            }
        }
        return List.copyOf(result);
    }

    /** Model {@code name}: its versions and aliases. */
    public RegisteredModel model(String name) {
        return new RegisteredModel(name, versions(name), aliases(name));
    }

    /** The versions of model {@code name}, oldest first. */
    public List<RegisteredModelVersion> versions(String name) {
        RegistryNames.requireModelName(name);
        List<RegisteredModelVersion> versions = files.versions(name);
        if (versions.isEmpty()) {
            List<String> names = list().stream().map(RegisteredModel::name).toList();
            throw new ModelLoadException("no model '" + name + "' in the registry at " + root + "; "
                    + (names.isEmpty() ? "it has no models" : "models: " + String.join(", ", names)));
        }
        return versions;
    }

    /** Version {@code version} of model {@code name}. */
    public RegisteredModelVersion version(String name, int version) {
        RegistryNames.requireModelName(name);
        RegistryNames.requireVersion(version);
        Optional<RegisteredModelVersion> found = files.version(name, version);
        if (found.isPresent()) {
            return found.get();
        }
        List<RegisteredModelVersion> versions = versions(name); // fails naming the models there are
        throw new ModelLoadException("no version " + version + " of model '" + name + "'; versions: "
                + versions.stream().map(v -> Integer.toString(v.version())).collect(Collectors.joining(", ")));
    }

    /** The aliases of model {@code name} and the versions they point to (empty if none or no such model). */
    public SortedMap<String, Integer> aliases(String name) {
        RegistryNames.requireModelName(name);
        return files.aliases(name);
    }

    // ---------------------------------------------------------------- aliases

    /**
     * Points {@code alias} of model {@code name} at {@code version} (MLflow's
     * {@code set_registered_model_alias}), moving it if it pointed elsewhere. Deployments that load
     * {@code models:/<name>@<alias>} pick the move up on their next reload or watch check.
     *
     * @return the version the alias now points to
     */
    public RegisteredModelVersion setAlias(String name, String alias, int version) {
        RegistryNames.requireAlias(alias);
        version(name, version); // fails naming the versions there are
        files.writeAlias(name, alias, version);
        LOG.info("alias {}@{} -> version {}", name, alias, version);
        return version(name, version);
    }

    /**
     * Removes {@code alias} from model {@code name}.
     *
     * @return the version it pointed to
     * @throws ModelLoadException if there is no such alias (naming the aliases there are)
     */
    public int deleteAlias(String name, String alias) {
        RegistryNames.requireAlias(alias);
        int version = aliasVersion(name, alias);
        files.deleteAlias(name, alias);
        LOG.info("alias {}@{} deleted (was version {})", name, alias, version);
        return version;
    }

    private int aliasVersion(String name, String alias) {
        Optional<Integer> version = files.alias(name, alias);
        if (version.isPresent()) {
            return version.get();
        }
        versions(name); // fails naming the models there are
        var aliases = aliases(name);
        throw new ModelLoadException("no alias '" + alias + "' on model '" + name + "'; "
                + (aliases.isEmpty() ? "it has no aliases" : "aliases: " + String.join(", ", aliases.keySet())));
    }

    // ---------------------------------------------------------------- resolve and load

    /** The registered version a {@code models:/} URI names now; see {@link #resolve(ModelUri)}. */
    public RegisteredModelVersion resolve(String uri) {
        return resolve(ModelUri.parse(uri));
    }

    /**
     * The registered version {@code uri} names now: the version itself, the one its alias points
     * to, or the latest.
     *
     * @throws IllegalArgumentException if {@code uri} is not a {@code models:/} URI
     * @throws ModelLoadException       if the model, version or alias does not exist
     */
    public RegisteredModelVersion resolve(ModelUri uri) {
        return switch (uri) {
            case ModelUri.Version v -> version(v.name(), v.version());
            case ModelUri.Alias a -> version(a.name(), aliasVersion(a.name(), a.alias()));
            case ModelUri.Latest l -> files.latest(l.name()).orElseGet(() -> versions(l.name()).getLast());
            case ModelUri.Run r -> throw notRegistered(r);
            case ModelUri.LocalFile f -> throw notRegistered(f);
        };
    }

    private static IllegalArgumentException notRegistered(ModelUri uri) {
        return new IllegalArgumentException("'" + uri + "' is not a registered model URI (models:/...);"
                + " artifact(uri) gives the file it names");
    }

    /** The model file {@code uri} names now, for every URI form; see {@link #artifact(ModelUri)}. */
    public Path artifact(String uri) {
        return artifact(ModelUri.parse(uri));
    }

    /**
     * The model file {@code uri} names now. A {@code runs:/} path may name a file or a directory
     * holding exactly one file (as MLflow's {@code runs:/<id>/model} names the model's directory).
     * A plain path is returned absolute, whether it exists or not.
     */
    public Path artifact(ModelUri uri) {
        return locate(uri).artifact();
    }

    /** Loads the model {@code uri} names; see {@link #load(ModelUri)}. */
    public Model load(String uri) {
        return load(ModelUri.parse(uri));
    }

    /**
     * Loads the model {@code uri} names with its registered flavor (runs' artifacts and plain
     * files: by the file name). The caller closes it. For a model that follows an alias and is
     * reloaded when it moves, use {@link ReloadableModel}.
     *
     * @throws ModelLoadException naming the URI and what was wrong
     */
    public Model load(ModelUri uri) {
        return load(locate(uri));
    }

    Model load(LocatedModel located) {
        try {
            return located.flavor() == null ? Models.load(located.artifact())
                    : Models.load(located.artifact(), located.flavor());
        } catch (ModelLoadException e) {
            if (located.uri() instanceof ModelUri.LocalFile) {
                throw e; // its message names the file already
            }
            throw new ModelLoadException("cannot load " + located.describe() + ": " + e.getMessage(), e);
        }
    }

    /** What {@code uri} names now, with the identity that tells a reload whether it changed. */
    LocatedModel locate(ModelUri uri) {
        return switch (uri) {
            case ModelUri.Registered r -> {
                RegisteredModelVersion v = resolve(r);
                yield new LocatedModel(uri, v.artifact(), v.flavor(), v, v.uri() + "@" + v.created());
            }
            case ModelUri.Run run -> {
                Path file = runs.find(run.runId(), run.path());
                yield new LocatedModel(uri, file, null, null, fileIdentity(file));
            }
            case ModelUri.LocalFile f -> {
                Path file = f.path().toAbsolutePath().normalize();
                yield new LocatedModel(uri, file, null, null, fileIdentity(file));
            }
        };
    }

    private static String fileIdentity(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return file + "@" + a.lastModifiedTime().toMillis() + "/" + a.size();
        } catch (IOException e) {
            return file + "@missing";
        }
    }

    // ---------------------------------------------------------------- runs

    /**
     * Stores {@code file} as an artifact of run {@code runId} (MLflow's {@code log_artifact}),
     * under {@code artifactPath} (null or empty: the run's top level), replacing an artifact of
     * the same name. Register it later with its URI, as MLflow's
     * {@code register_model("runs:/<run_id>/<path>", name)}.
     *
     * @return the artifact's URI, {@code runs:/<run_id>/<artifactPath>/<file name>}
     */
    public ModelUri.Run logArtifact(String runId, Path file, String artifactPath) {
        RegistryNames.requireRunId(runId);
        String path = (artifactPath == null || artifactPath.isEmpty() ? "" : artifactPath + "/") + file.getFileName();
        RegistryNames.requireArtifactPath(path);
        runs.log(runId, path, file);
        return new ModelUri.Run(runId, path);
    }

    @Override
    public String toString() {
        return "ModelRegistry[" + root + "]";
    }
}
