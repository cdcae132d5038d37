package dev.trellis.models.internal;

import dev.trellis.models.ModelLoadException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Model files inside a jar: runtimes read files, so a classpath resource is copied to a
 * temporary file, loaded from there, and the copy is deleted as soon as loading returns or
 * fails. The copy keeps the resource's file name (in a directory of its own), so runtimes that
 * choose by name ({@code .onnx}, {@code .json}, {@code .ubj}) recognize it. Runtimes read the
 * whole file while loading, so nothing refers to the copy afterwards.
 */
public final class ResourceCopies {
    private static final Logger LOG = LoggerFactory.getLogger(ResourceCopies.class);

    private ResourceCopies() {
    }

    /**
     * Copies {@code resource} (a name like {@code "models/iris_logistic/model.onnx"}; a leading
     * {@code /} is ignored) from {@code loader}, applies {@code load} to the copy and deletes it.
     *
     * @throws ModelLoadException naming the resource when it does not exist or cannot be copied
     */
    public static <T> T withCopy(ClassLoader loader, String resource, Function<Path, T> load) {
        if (resource == null || resource.isBlank()) {
            throw new ModelLoadException("a model resource name is required, was " + (resource == null ? "null" : "'" + resource + "'"));
        }
        String name = resource.startsWith("/") ? resource.substring(1) : resource;
        Path dir;
        Path copy;
        try (InputStream in = loader.getResourceAsStream(name)) {
            if (in == null) {
                throw new ModelLoadException("model resource '" + name + "' is not on the class path");
            }
            dir = Files.createTempDirectory("trellis-model-");
            copy = dir.resolve(fileName(name));
            Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new ModelLoadException("cannot copy model resource '" + name + "' to a temporary file: " + e.getMessage(), e);
        }
        try {
            return load.apply(copy);
        } finally {
            delete(copy);
            delete(dir);
        }
    }

    private static String fileName(String resource) {
        String name = resource.substring(resource.lastIndexOf('/') + 1);
        if (name.isEmpty()) {
            throw new ModelLoadException("model resource '" + resource + "' names a directory, not a file");
        }
        return name;
    }

    /** A copy that cannot be deleted is only disk space: warned about, never a failure of the load. */
    private static void delete(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.warn("cannot delete the temporary model copy {}: {}", path, e.toString());
        }
    }
}
