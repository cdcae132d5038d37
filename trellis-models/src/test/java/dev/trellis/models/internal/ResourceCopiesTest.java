package dev.trellis.models.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.models.ModelLoadException;
import dev.trellis.models.Models;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Classpath model resources are loaded from a temporary copy that is gone once loading ends. */
class ResourceCopiesTest {
    private static final String RESOURCE = "resource-copies/model.onnx";
    private final ClassLoader loader = ResourceCopiesTest.class.getClassLoader();

    @Test
    void theLoaderReadsACopyWithTheResourcesBytesAndFileName() {
        String read = ResourceCopies.withCopy(loader, RESOURCE, file -> {
            assertThat(file.getFileName()).hasToString("model.onnx");
            return readString(file);
        });

        assertThat(read).isEqualTo("not a real model, just bytes to copy\n");
    }

    @Test
    void aLeadingSlashNamesTheSameResource() {
        assertThat(ResourceCopies.withCopy(loader, "/" + RESOURCE, ResourceCopiesTest::readString))
                .startsWith("not a real model");
    }

    @Test
    void theCopyAndItsDirectoryAreDeletedOnceLoaded() {
        var copy = new AtomicReference<Path>();

        ResourceCopies.withCopy(loader, RESOURCE, file -> {
            copy.set(file);
            return null;
        });

        assertThat(copy.get()).doesNotExist();
        assertThat(copy.get().getParent()).doesNotExist();
    }

    @Test
    void theCopyIsDeletedWhenLoadingFails() {
        var copy = new AtomicReference<Path>();

        assertThatThrownBy(() -> ResourceCopies.withCopy(loader, RESOURCE, file -> {
            copy.set(file);
            throw new ModelLoadException("corrupt model");
        })).hasMessage("corrupt model");
        assertThat(copy.get()).doesNotExist();
    }

    @Test
    void aMissingResourceIsALoadFailureNamingIt() {
        assertThatThrownBy(() -> ResourceCopies.withCopy(loader, "models/nowhere/model.onnx", file -> file))
                .isInstanceOf(ModelLoadException.class)
                .hasMessage("model resource 'models/nowhere/model.onnx' is not on the class path");
    }

    @Test
    void modelsLoadResourceNamesTheMissingResource() {
        assertThatThrownBy(() -> Models.loadResource("models/nowhere/model.onnx", "onnx"))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("'models/nowhere/model.onnx'");
    }

    @Test
    void aBlankResourceNameIsRefused() {
        assertThatThrownBy(() -> ResourceCopies.withCopy(loader, " ", file -> file))
                .isInstanceOf(ModelLoadException.class)
                .hasMessage("a model resource name is required, was ' '");
    }

    private static String readString(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
