package dev.trellis.cli;

import dev.trellis.models.ModelLoadException;
import dev.trellis.models.registry.ModelRegistry;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * {@code trellis models}: the model registry's subcommands, as {@code mlflow models} and MLflow's
 * registry client. Every subcommand takes {@code --registry DIR}.
 *
 * <p>Exit codes: 0 on success; 1 when a model, version, alias, run or file does not exist (or
 * the registry cannot be read or written); 2 for bad usage or a bad name or value. The error is
 * one line on stderr, without a stack trace.
 */
@Command(
        name = "models",
        description = {"Register models, list them and point aliases at versions, in a file-based model registry.",
                "Registry directory: --registry DIR, else -D" + ModelRegistry.ROOT_PROPERTY + "=DIR,",
                "else $" + ModelRegistry.ROOT_ENV + ", else ./.trellis/models."},
        mixinStandardHelpOptions = true,
        versionProvider = TrellisVersion.class,
        subcommands = {ModelsRegisterCommand.class, ModelsListCommand.class, ModelsAliasCommand.class})
final class ModelsCommand {
    static final int EXIT_NOT_FOUND = 1;
    static final int EXIT_BAD_ARGS = 2;

    /** {@code --registry DIR}, shared by the subcommands. */
    static final class RegistryOption {
        @Option(names = "--registry", paramLabel = "DIR",
                description = "Registry directory (default: $" + ModelRegistry.ROOT_ENV + ", else ./.trellis/models).")
        Path registry;

        ModelRegistry open() {
            return registry == null ? ModelRegistry.openDefault() : ModelRegistry.open(registry);
        }
    }

    private ModelsCommand() {
    }

    /**
     * Runs a subcommand's body, turning the registry's failures into one line on stderr and an
     * exit code: bad names and values 2, missing things and I/O failures 1.
     */
    static int run(CommandSpec spec, Callable<Integer> body) {
        try {
            return body.call();
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return EXIT_BAD_ARGS;
        } catch (ModelLoadException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return EXIT_NOT_FOUND;
        } catch (UncheckedIOException e) {
            spec.commandLine().getErr().println("Failed: " + e.getMessage() + ": " + e.getCause());
            return EXIT_NOT_FOUND;
        } catch (RuntimeException e) {
            throw e; // picocli's own (ParameterException) print the usage with the message
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
