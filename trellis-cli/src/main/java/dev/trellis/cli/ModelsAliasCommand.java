package dev.trellis.cli;

import dev.trellis.models.registry.ModelRegistry;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code trellis models alias NAME ALIAS VERSION}: points an alias at a version (MLflow's
 * {@code set_registered_model_alias}), or removes it with {@code --delete}. Deployments that
 * follow {@code models:/NAME@ALIAS} reload on their next reconfigure or watch check.
 */
@Command(
        name = "alias",
        description = {"Points ALIAS of model NAME at VERSION, or removes it with --delete.",
                "An alias that pointed elsewhere moves; deployments following models:/NAME@ALIAS",
                "pick the move up on their next reconfigure or watch check."},
        mixinStandardHelpOptions = true,
        versionProvider = TrellisVersion.class,
        footer = {"", "Examples:",
                "  trellis models alias iris champion 3",
                "  trellis models alias iris staging --delete"})
final class ModelsAliasCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelsCommand.RegistryOption registry;

    @Parameters(index = "0", paramLabel = "NAME", description = "Registered model name.")
    String name;

    @Parameters(index = "1", paramLabel = "ALIAS", description = "Alias, e.g. champion.")
    String alias;

    @Parameters(index = "2", paramLabel = "VERSION", arity = "0..1", description = "Version the alias points to.")
    Integer version;

    @Option(names = "--delete", description = "Remove the alias instead.")
    boolean delete;

    @Override
    public Integer call() {
        if (delete == (version != null)) {
            throw new ParameterException(spec.commandLine(), delete
                    ? "VERSION and --delete exclude each other"
                    : "Missing VERSION: give the version the alias points to, or --delete to remove the alias");
        }
        return ModelsCommand.run(spec, () -> {
            ModelRegistry store = registry.open();
            PrintWriter out = spec.commandLine().getOut();
            if (delete) {
                int was = store.deleteAlias(name, alias);
                out.println("Deleted alias '" + alias + "' of model '" + name + "' (it pointed to version " + was + ").");
            } else {
                Integer was = store.aliases(name).get(alias);
                store.setAlias(name, alias, version);
                out.println("Alias '" + alias + "' of model '" + name + "' -> version " + version
                        + (was == null ? " (new alias)." : was.equals(version) ? " (unchanged)." : " (was version " + was + ")."));
            }
            out.flush();
            return 0;
        });
    }
}
