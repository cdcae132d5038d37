package dev.trellis.cli;

import picocli.CommandLine.Command;

/** {@code trellis serve}: groups the Serve subcommands, as {@code serve} does in Ray's CLI. */
@Command(
        name = "serve",
        description = "Run and inspect Serve applications.",
        mixinStandardHelpOptions = true,
        versionProvider = TrellisVersion.class,
        subcommands = {ServeRunCommand.class, ServeDeployCommand.class, ServeStatusCommand.class, ServeConfigCommand.class,
                ServeShutdownCommand.class, ServeGraphCommand.class, ServeBuildCommand.class})
final class ServeCommand {
}
