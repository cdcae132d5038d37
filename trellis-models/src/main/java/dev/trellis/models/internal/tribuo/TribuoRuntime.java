package dev.trellis.models.internal.tribuo;

import dev.trellis.models.Model;
import dev.trellis.models.ModelLoadException;
import dev.trellis.models.internal.ModelRuntime;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.tribuo.classification.Label;
import org.tribuo.protos.core.ModelProto;

/**
 * Tribuo classifiers saved in Tribuo's protobuf format ({@code Model.serializeToFile}, Tribuo
 * 4.3+; by convention {@code *.tribuo} here). Java serialization, which older Tribuo used, is
 * never read.
 *
 * <p>Tribuo's protobuf format names the Java class of each part it stores and Tribuo loads
 * those classes by name. Trellis refuses a file whose model class is not one of Tribuo's own
 * ({@code org.tribuo.*}) before Tribuo sees it; still, load only model files you trust (the
 * files a deployment's config names), never bytes from a request.
 */
public final class TribuoRuntime implements ModelRuntime {
    public static final String FLAVOR = "tribuo";

    @Override
    public String flavor() {
        return FLAVOR;
    }

    @Override
    public boolean recognizes(Path file) {
        return file.getFileName() != null && file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".tribuo");
    }

    @Override
    public Model load(Path file) {
        String where = file.toAbsolutePath().toString();
        ModelProto proto;
        try (InputStream in = Files.newInputStream(file)) {
            proto = ModelProto.parseFrom(in);
        } catch (IOException e) {
            throw new ModelLoadException("could not read Tribuo model " + where
                    + " (Tribuo's protobuf format, as Model.serializeToFile writes): " + e.getMessage(), e);
        }
        String className = proto.getClassName();
        if (!className.startsWith("org.tribuo.")) {
            throw new ModelLoadException(where + " is not a Tribuo model: it names "
                    + (className.isEmpty() ? "no model class" : "model class '" + className + "'")
                    + "; only Tribuo's own model classes (org.tribuo.*) are loaded");
        }
        org.tribuo.Model<?> model;
        try {
            model = org.tribuo.Model.deserialize(proto);
        } catch (RuntimeException | LinkageError e) {
            throw new ModelLoadException("could not load Tribuo model " + where + " (" + className + "): " + e, e);
        }
        if (!model.validate(Label.class)) {
            throw new ModelLoadException(where + " is a Tribuo model of "
                    + model.getOutputIDInfo().getDomain().stream().findFirst().map(o -> o.getClass().getSimpleName())
                            .orElse("another output type")
                    + " outputs; Trellis serves Tribuo classifiers (Label outputs)");
        }
        try {
            return TribuoLabelModel.wrap("tribuo model " + where, model.castModel(Label.class), null);
        } catch (IllegalArgumentException e) {
            throw new ModelLoadException("could not load Tribuo model " + where + ": " + e.getMessage(), e);
        }
    }
}
