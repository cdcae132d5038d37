package dev.trellis.cli;

import dev.trellis.serve.config.ConfigException;
import dev.trellis.serve.config.ServeConfigBuild;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code trellis serve build}: writes a config file for import paths with every deployment's
 * options as its code sets them (Ray's {@code serve build}), to edit and then run or deploy.
 */
@Command(
        name = "build",
        description = {"Writes a Serve config file for the applications IMPORT_PATH names, with every",
                "deployment's options as its code sets them. Nothing is started."},
        mixinStandardHelpOptions = true,
        versionProvider = TrellisVersion.class,
        footer = {"", "Examples:",
                "  trellis serve build dev.trellis.examples.iris.IrisApp:app -o iris.yaml",
                "  trellis serve run iris.yaml"})
final class ServeBuildCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "IMPORT_PATH",
            description = "One or more import paths (com.example.Apps:app); each becomes an application.")
    List<String> importPaths;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Where to write the config (default: standard output).")
    Path output;

    @Override
    public Integer call() {
        String yaml;
        try {
            yaml = ServeConfigBuild.yaml(importPaths);
        } catch (ConfigException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return ServeRunCommand.EXIT_BAD_CONFIG;
        }
        if (output == null) {
            spec.commandLine().getOut().print(yaml);
            spec.commandLine().getOut().flush();
            return 0;
        }
        try {
            Files.writeString(output, yaml);
        } catch (IOException e) {
            spec.commandLine().getErr().println("cannot write " + output + ": " + e.getMessage());
            return 1;
        }
        spec.commandLine().getErr().println("Wrote " + output + " (" + importPaths.size() + " application"
                + (importPaths.size() == 1 ? "" : "s") + "); run it with: trellis serve run " + output);
        return 0;
    }
}
