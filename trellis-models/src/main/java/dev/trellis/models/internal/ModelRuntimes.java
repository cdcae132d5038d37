package dev.trellis.models.internal;

import dev.trellis.models.ModelLoadException;
import dev.trellis.models.internal.onnx.OnnxModelRuntime;
import dev.trellis.models.internal.tribuo.TribuoRuntime;
import dev.trellis.models.internal.xgboost.XGBoostRuntime;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** The runtimes this build has, in the order files are offered to them. */
public final class ModelRuntimes {
    /** The built-in runtimes (each backend adds itself here), then any found with {@link ServiceLoader}. */
    private static final List<ModelRuntime> ALL = discover(List.of(
            new OnnxModelRuntime(),
            new XGBoostRuntime(),
            new TribuoRuntime()));

    private static List<ModelRuntime> discover(List<ModelRuntime> builtIn) {
        var all = new ArrayList<>(builtIn);
        ServiceLoader.load(ModelRuntime.class).forEach(all::add);
        return List.copyOf(all);
    }

    private ModelRuntimes() {
    }

    public static List<ModelRuntime> all() {
        return ALL;
    }

    /** The runtime of {@code flavor}; fails naming the flavors there are. */
    public static ModelRuntime byFlavor(String flavor) {
        return ALL.stream().filter(r -> r.flavor().equals(flavor)).findFirst()
                .orElseThrow(() -> new ModelLoadException("unknown model flavor '" + flavor + "'; flavors: "
                        + ALL.stream().map(ModelRuntime::flavor).toList()));
    }

    /** The runtime that recognizes {@code file}; fails naming the file and the flavors there are. */
    public static ModelRuntime forFile(Path file) {
        return ALL.stream().filter(r -> r.recognizes(file)).findFirst()
                .orElseThrow(() -> new ModelLoadException("no model runtime reads " + file
                        + " (by its name); flavors: " + ALL.stream().map(ModelRuntime::flavor).toList()
                        + ". Name the flavor with Models.load(path, flavor)"));
    }
}
