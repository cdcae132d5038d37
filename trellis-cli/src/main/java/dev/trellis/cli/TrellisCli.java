package dev.trellis.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code trellis} command. Subcommands do the work; this class only assembles them.
 * {@link #main} exits with the subcommand's code: 0 on success, 1 when running failed (or a
 * model, version or alias does not exist), 2 for bad usage or a bad config.
 */
@Command(
        name = "trellis",
        description = "Trellis: Ray Serve for the JVM.",
        mixinStandardHelpOptions = true,
        versionProvider = TrellisVersion.class,
        subcommands = {StartCommand.class, StopCommand.class, ClusterStatusCommand.class, RunCommand.class,
                ClusterKeysCommand.class,
                ServeCommand.class, ModelsCommand.class})
public final class TrellisCli {

    public static void main(String[] args) {
        CommandLine commandLine = commandLine();
        // `trellis run`'s program writes straight to this process's terminal (tests capture it instead).
        ((RunCommand) commandLine.getSubcommands().get("run").getCommand()).inheritOutput = true;
        System.exit(commandLine.execute(args));
    }

    /** The whole command tree, ready to {@code execute}; tests set its output streams. */
    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new TrellisCli());
        RunCommand.configure(commandLine.getSubcommands().get("run"));
        return commandLine;
    }
}
