package dev.trellis.models.internal.onnx;

import dev.trellis.models.Model;
import dev.trellis.models.internal.ModelRuntime;
import dev.trellis.models.onnx.OnnxModel;
import java.nio.file.Path;
import java.util.Locale;

/** ONNX Runtime: flavor {@code onnx}, files named {@code *.onnx}, options from system properties. */
public final class OnnxModelRuntime implements ModelRuntime {

    @Override
    public String flavor() {
        return OnnxModel.FLAVOR;
    }

    @Override
    public boolean recognizes(Path file) {
        Path name = file.getFileName();
        return name != null && name.toString().toLowerCase(Locale.ROOT).endsWith(".onnx");
    }

    @Override
    public Model load(Path file) {
        return OnnxModel.load(file);
    }
}
