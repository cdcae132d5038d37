package dev.trellis.models.internal.registry;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The rules for the names the registry turns into directory and file names: model names,
 * aliases, run ids and run artifact paths. Each check throws {@link IllegalArgumentException}
 * naming the kind of name, the value and the rule, so a bad name never reaches the file system
 * (no {@code ..}, no separators, no hidden files).
 */
public final class RegistryNames {
    /** MLflow allows more in a model name; a directory name across file systems allows this much. */
    private static final Pattern MODEL_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    /** MLflow's alias rule: letters, digits, '_' and '-'; "latest" and "v<digits>" are reserved. */
    private static final Pattern ALIAS = Pattern.compile("[A-Za-z0-9_-]{1,255}");
    private static final Pattern RESERVED_ALIAS = Pattern.compile("(?i)latest|v\\d+");
    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,127}");
    private static final Pattern PATH_SEGMENT = Pattern.compile("[A-Za-z0-9_+=,@-][A-Za-z0-9._+=,@-]{0,254}");
    /** A URI scheme of two or more characters, so that a Windows drive ({@code C:\\...}) reads as a path. */
    private static final Pattern SCHEME = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]+):.*", Pattern.DOTALL);
    private static final Pattern FLAVOR = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    private RegistryNames() {
    }

    public static String requireModelName(String name) {
        if (name == null || !MODEL_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("model name must be 1 to 128 letters, digits, '.', '_' or '-',"
                    + " starting with a letter or digit, was " + quote(name));
        }
        return name;
    }

    public static boolean isModelName(String name) {
        return name != null && MODEL_NAME.matcher(name).matches();
    }

    public static String requireAlias(String alias) {
        if (alias == null || !ALIAS.matcher(alias).matches()) {
            throw new IllegalArgumentException("alias must be 1 to 255 letters, digits, '_' or '-', was " + quote(alias));
        }
        if (RESERVED_ALIAS.matcher(alias).matches()) {
            throw new IllegalArgumentException("alias " + quote(alias) + " is reserved ('latest' and 'v<number>'"
                    + " name versions in MLflow); choose another alias");
        }
        return alias;
    }

    public static int requireVersion(int version) {
        if (version < 1) {
            throw new IllegalArgumentException("version must be >= 1, was " + version);
        }
        return version;
    }

    public static String requireRunId(String runId) {
        if (runId == null || !RUN_ID.matcher(runId).matches()) {
            throw new IllegalArgumentException("run id must be 1 to 128 letters, digits, '_' or '-',"
                    + " starting with a letter or digit, was " + quote(runId));
        }
        return runId;
    }

    /**
     * A relative artifact path inside a run ({@code model/iris.onnx}): '/'-separated segments,
     * none empty, none starting with '.', so it cannot leave the run's directory.
     */
    public static String requireArtifactPath(String path) {
        if (path == null || path.isEmpty()) {
            throw new IllegalArgumentException("artifact path must not be empty");
        }
        for (String segment : path.split("/", -1)) {
            if (!PATH_SEGMENT.matcher(segment).matches()) {
                throw new IllegalArgumentException("artifact path must be relative, '/'-separated names of letters,"
                        + " digits and ._-+=,@ (no empty, '.' or '..' parts, none starting with '.'), was " + quote(path));
            }
        }
        return path;
    }

    public static String requireFlavor(String flavor) {
        if (flavor == null || !FLAVOR.matcher(flavor).matches()) {
            throw new IllegalArgumentException("flavor must be a lower-case name like onnx, xgboost or tribuo, was "
                    + quote(flavor));
        }
        return flavor;
    }

    /** Whether {@code version} is a version number as a URI or the CLI spells it ("3"). */
    public static boolean isVersionNumber(String version) {
        return !version.isEmpty() && version.length() <= 9 && version.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /** The scheme of {@code uri} ({@code models}, {@code runs}, {@code file}...), or null for a plain path. */
    public static String schemeOf(String uri) {
        var m = SCHEME.matcher(uri);
        return m.matches() ? m.group(1) : null;
    }

    public static boolean isLatest(String segment) {
        return segment.toLowerCase(Locale.ROOT).equals("latest");
    }

    private static String quote(String s) {
        return s == null ? "null" : "'" + s + "'";
    }
}
