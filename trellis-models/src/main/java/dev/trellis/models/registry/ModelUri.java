package dev.trellis.models.registry;

import dev.trellis.models.internal.registry.RegistryNames;
import java.net.URI;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a model is, in MLflow's URI forms:
 * <table>
 * <caption>Accepted forms</caption>
 * <tr><td>{@code models:/iris/3}</td><td>version 3 of registered model {@code iris} ({@link Version})</td></tr>
 * <tr><td>{@code models:/iris@champion}</td><td>the version alias {@code champion} points to ({@link Alias})</td></tr>
 * <tr><td>{@code models:/iris/latest}</td><td>the highest version of {@code iris} ({@link Latest})</td></tr>
 * <tr><td>{@code runs:/<run_id>/model/iris.onnx}</td><td>an artifact a run logged ({@link Run})</td></tr>
 * <tr><td>{@code /models/iris.onnx}, {@code file:///models/iris.onnx}</td><td>a file ({@link LocalFile})</td></tr>
 * </table>
 * {@link #parse} fails with an {@link IllegalArgumentException} naming the URI, what is wrong
 * and the accepted forms. MLflow's stages ({@code models:/iris/Production}) are not supported:
 * MLflow itself deprecated them for aliases ({@code models:/iris@production}).
 * {@link #toString()} gives the URI back in its canonical form.
 */
public sealed interface ModelUri permits ModelUri.Registered, ModelUri.Run, ModelUri.LocalFile {

    /** The forms {@link #parse} accepts, for error messages. */
    String ACCEPTED_FORMS = "models:/<name>/<version>, models:/<name>@<alias>, models:/<name>/latest,"
            + " runs:/<run_id>/<path>, a file path, or file:///<absolute path>";

    /**
     * Parses {@code uri}.
     *
     * @throws IllegalArgumentException naming the URI, what is wrong and the accepted forms
     */
    static ModelUri parse(String uri) {
        if (uri == null || uri.isBlank()) {
            throw new IllegalArgumentException("model URI must not be " + (uri == null ? "null" : "blank")
                    + "; accepted forms: " + ACCEPTED_FORMS);
        }
        try {
            String scheme = RegistryNames.schemeOf(uri);
            if (scheme == null) {
                return new LocalFile(Path.of(uri));
            }
            return switch (scheme) {
                case "models" -> parseModels(uri);
                case "runs" -> parseRuns(uri);
                case "file" -> parseFile(uri);
                case "model" -> throw new IllegalArgumentException("the scheme is 'models:' (plural)");
                default -> throw new IllegalArgumentException("scheme '" + scheme + ":' is not supported");
            };
        } catch (IllegalArgumentException | FileSystemNotFoundException e) {
            throw new IllegalArgumentException("bad model URI '" + uri + "': " + e.getMessage()
                    + "; accepted forms: " + ACCEPTED_FORMS, e);
        }
    }

    /** {@code models:/<name>/<version>}. */
    static Version version(String name, int version) {
        return new Version(name, version);
    }

    /** {@code models:/<name>@<alias>}. */
    static Alias alias(String name, String alias) {
        return new Alias(name, alias);
    }

    /** {@code models:/<name>/latest}. */
    static Latest latest(String name) {
        return new Latest(name);
    }

    private static ModelUri parseModels(String uri) {
        if (!uri.startsWith("models:/") || uri.startsWith("models://")) {
            throw new IllegalArgumentException("write models:/ with one slash");
        }
        String rest = uri.substring("models:/".length());
        int at = rest.indexOf('@');
        if (at >= 0) {
            return new Alias(rest.substring(0, at), rest.substring(at + 1));
        }
        int slash = rest.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("it names no version: add /<version>, /latest or @<alias>");
        }
        String name = rest.substring(0, slash);
        String version = rest.substring(slash + 1);
        if (RegistryNames.isLatest(version)) {
            return new Latest(name);
        }
        if (RegistryNames.isVersionNumber(version)) {
            return new Version(name, Integer.parseInt(version));
        }
        RegistryNames.requireModelName(name);
        if (version.contains("/")) {
            throw new IllegalArgumentException("a models:/ URI has one part after the name, found '" + version + "'");
        }
        throw new IllegalArgumentException("'" + version + "' is not a version number or 'latest'"
                + " (MLflow's stages are not supported: set an alias and use models:/" + name + "@"
                + version.toLowerCase(java.util.Locale.ROOT) + ")");
    }

    private static ModelUri parseFile(String uri) {
        if (!uri.startsWith("file:/")) {
            throw new IllegalArgumentException("a file: URI must hold an absolute path (file:///<path>);"
                    + " write a relative path without file:");
        }
        return new LocalFile(Path.of(URI.create(uri)));
    }

    private static ModelUri parseRuns(String uri) {
        if (!uri.startsWith("runs:/") || uri.startsWith("runs://")) {
            throw new IllegalArgumentException("write runs:/ with one slash");
        }
        String rest = uri.substring("runs:/".length());
        int slash = rest.indexOf('/');
        if (slash < 0 || slash == rest.length() - 1) {
            throw new IllegalArgumentException("it names no artifact path after the run id");
        }
        return new Run(rest.substring(0, slash), rest.substring(slash + 1));
    }

    /** The three {@code models:/} forms, which name a registered model. */
    sealed interface Registered extends ModelUri permits Version, Alias, Latest {
        /** The registered model's name. */
        String name();
    }

    /** {@code models:/<name>/<version>}: one version, which never changes. */
    record Version(String name, int version) implements Registered {
        public Version {
            RegistryNames.requireModelName(name);
            RegistryNames.requireVersion(version);
        }

        @Override
        public String toString() {
            return "models:/" + name + "/" + version;
        }
    }

    /** {@code models:/<name>@<alias>}: the version the alias points to now; it moves with the alias. */
    record Alias(String name, String alias) implements Registered {
        public Alias {
            RegistryNames.requireModelName(name);
            RegistryNames.requireAlias(alias);
        }

        @Override
        public String toString() {
            return "models:/" + name + "@" + alias;
        }
    }

    /** {@code models:/<name>/latest}: the highest version; it moves when a version is registered. */
    record Latest(String name) implements Registered {
        public Latest {
            RegistryNames.requireModelName(name);
        }

        @Override
        public String toString() {
            return "models:/" + name + "/latest";
        }
    }

    /** {@code runs:/<run_id>/<path>}: an artifact logged by a run ({@link ModelRegistry#logArtifact}). */
    record Run(String runId, String path) implements ModelUri {
        public Run {
            RegistryNames.requireRunId(runId);
            RegistryNames.requireArtifactPath(path);
        }

        @Override
        public String toString() {
            return "runs:/" + runId + "/" + path;
        }
    }

    /** A plain path (relative ones are resolved from the working directory when read) or a {@code file:} URI. */
    record LocalFile(Path path) implements ModelUri {
        public LocalFile {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public String toString() {
            return path.toString();
        }
    }
}
