package dev.trellis.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.trellis.models.registry.ModelRegistry;
import dev.trellis.models.registry.RegisteredModel;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code trellis models list [NAME]}: the registered models (one row each: latest version,
 * flavor, created, aliases), or one model's versions; {@code --json} for scripts.
 */
@Command(
        name = "list",
        description = {"Lists the registered models, or the versions of model NAME.",
                "--json prints the same as JSON (every version, with its signature) for scripts."},
        mixinStandardHelpOptions = true,
        versionProvider = TrellisVersion.class,
        footer = {"", "Examples:",
                "  trellis models list",
                "  trellis models list iris --json"})
final class ModelsListCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    @Spec
    CommandSpec spec;

    @Mixin
    ModelsCommand.RegistryOption registry;

    @Parameters(index = "0", paramLabel = "NAME", arity = "0..1", description = "Show this model's versions.")
    String name;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Override
    public Integer call() {
        return ModelsCommand.run(spec, () -> {
            ModelRegistry store = registry.open();
            List<RegisteredModel> models = name == null ? store.list() : List.of(store.model(name));
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(toJson(ModelTables.json(store.root(), models)));
            } else if (models.isEmpty()) {
                out.println("No models in the registry at " + store.root() + ".");
            } else {
                out.println("Registry: " + store.root());
                out.print(name == null ? ModelTables.models(models) : ModelTables.versions(models.getFirst()));
            }
            out.flush();
            return 0;
        });
    }

    private static String toJson(Object value) throws JsonProcessingException {
        return JSON.writeValueAsString(value);
    }
}
