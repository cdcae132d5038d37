package dev.trellis.cli;

import dev.trellis.models.ModelSignature;
import dev.trellis.models.registry.ModelRegistry;
import dev.trellis.models.registry.RegisteredModelVersion;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code trellis models register NAME SOURCE}: copies a model file (or a run's artifact) into the
 * registry as the next version of NAME, as MLflow's {@code register_model}, and prints the new
 * version and its URI.
 */
@Command(
        name = "register",
        description = {"Registers SOURCE as the next version of model NAME and prints the version.",
                "SOURCE is a model file, a runs:/<run_id>/<path> URI, or models:/... to copy a version.",
                "The file is copied into the registry: later changes to it do not change the version."},
        mixinStandardHelpOptions = true,
        versionProvider = TrellisVersion.class,
        sortOptions = false,
        footer = {"", "Examples:",
                "  trellis models register iris models/iris_logistic.onnx --alias champion",
                "  trellis models register taxi model.ubj --flavor xgboost --description 'tip classifier'"})
final class ModelsRegisterCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelsCommand.RegistryOption registry;

    @Parameters(index = "0", paramLabel = "NAME", description = "Registered model name.")
    String name;

    @Parameters(index = "1", paramLabel = "SOURCE", description = "Model file or runs:/ URI.")
    String source;

    @Option(names = "--flavor", paramLabel = "FLAVOR",
            description = "Runtime that loads it: onnx, xgboost or tribuo (default: chosen by the file name).")
    String flavor;

    @Option(names = "--description", paramLabel = "TEXT", description = "Free text kept with the version.")
    String description;

    @Option(names = "--alias", paramLabel = "ALIAS",
            description = "Point ALIAS at the new version (repeatable), e.g. --alias champion.")
    List<String> aliases = new ArrayList<>();

    @Override
    public Integer call() {
        return ModelsCommand.run(spec, () -> {
            ModelRegistry store = registry.open();
            RegisteredModelVersion v = store.register(name, source, o -> {
                if (flavor != null) {
                    o.flavor(flavor);
                }
                if (description != null) {
                    o.description(description);
                }
                aliases.forEach(o::alias);
            });
            PrintWriter out = spec.commandLine().getOut();
            out.println("Registered model '" + v.name() + "' version " + v.version() + " (" + v.flavor() + "): " + v.uri());
            out.println("  signature: " + v.signature().map(ModelsRegisterCommand::describe)
                    .orElse("unknown (the " + v.flavor() + " runtime could not load the file)"));
            for (String alias : v.aliases()) {
                out.println("  alias " + alias + " -> version " + v.version());
            }
            out.flush();
            return 0;
        });
    }

    static String describe(ModelSignature signature) {
        return signature.inputs() + " -> " + signature.outputs();
    }
}
