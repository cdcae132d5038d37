package dev.trellis.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Console;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code trellis serve shutdown}, as Ray's: deletes every application of the running instance
 * ({@code DELETE /api/serve/applications/}), draining their replicas; the instance keeps
 * running, ready for the next {@code serve deploy} ({@code trellis stop} stops it). Asks for
 * confirmation unless {@code --yes}; without a terminal to ask on, {@code --yes} is required.
 */
@Command(name = "shutdown", mixinStandardHelpOptions = true, versionProvider = TrellisVersion.class, sortOptions = false,
        description = {"Deletes every application of the running Trellis instance.",
                "The instance keeps running; `trellis stop` stops it."})
final class ServeShutdownCommand extends AdminCommand {

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
    boolean yes;

    @Override
    int run(AdminClient client, PrintWriter out, PrintWriter err) {
        if (!yes) {
            Console console = System.console();
            if (console == null) {
                err.println("This deletes every application at " + client.address() + "; pass --yes to confirm.");
                return EXIT_BAD_INPUT;
            }
            String answer = console.readLine("Delete every application at %s? [y/N] ", client.address());
            if (answer == null || !answer.strip().toLowerCase(Locale.ROOT).startsWith("y")) {
                out.println("Nothing was deleted.");
                return 0;
            }
        }
        JsonNode body = client.json(client.send("DELETE", "/api/serve/applications/", null, null));
        var names = new ArrayList<String>();
        body.path("deleted").forEach(n -> names.add(n.asText()));
        out.println(names.isEmpty() ? "No applications were running." : "Deleted applications: " + String.join(", ", names) + ".");
        return 0;
    }
}
