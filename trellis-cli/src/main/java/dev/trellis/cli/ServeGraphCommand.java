package dev.trellis.cli;

import dev.trellis.serve.config.ConfigException;
import dev.trellis.serve.config.ConfiguredApplication;
import dev.trellis.serve.config.ImportPaths;
import dev.trellis.serve.config.ServeConfigFile;
import dev.trellis.serve.graph.GraphPicture;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code trellis serve graph}: prints a picture of the applications a config file or import
 * path names, without starting anything: the deployment graph of a graph application, or the
 * deployments and the handles between them. Mermaid by default, Graphviz DOT with
 * {@code --format dot}.
 */
@Command(
        name = "graph",
        description = {"Prints a picture (Mermaid or Graphviz DOT) of the applications TARGET names.",
                "TARGET is a config file or an import path, as for 'serve run'. Nothing is started."},
        mixinStandardHelpOptions = true,
        versionProvider = TrellisVersion.class,
        footer = {"", "Examples:",
                "  trellis serve graph examples/inference-graph.yaml",
                "  trellis serve graph examples/iris-ensemble.yaml --format dot | dot -Tpng > iris.png"})
final class ServeGraphCommand implements Callable<Integer> {
    enum Format { mermaid, dot }

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TARGET", description = "Config file or import path.")
    String target;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "mermaid",
            description = "mermaid (default) or dot.")
    Format format;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<ConfiguredApplication> apps;
        try {
            apps = ServeRunCommand.isConfigFile(target)
                    ? ServeConfigFile.load(Path.of(target)).applications()
                    : List.of(new ConfiguredApplication("default", "/", ImportPaths.resolve(target, null)));
        } catch (ConfigException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return ServeRunCommand.EXIT_BAD_CONFIG;
        }
        for (var app : apps) {
            String comment = format == Format.mermaid ? "%% " : "// ";
            out.println(comment + "application '" + app.name() + "'"
                    + (app.routePrefix() == null ? "" : " at " + app.routePrefix()));
            out.print(format == Format.mermaid ? GraphPicture.mermaid(app.application())
                    : GraphPicture.dot(app.application()));
        }
        out.flush();
        return 0;
    }
}
