package dev.trellis.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code trellis serve deploy FILE}, the counterpart of Ray's {@code serve deploy}: sends the
 * config file, as it is, to the running instance ({@code PUT /api/serve/applications/}), which
 * validates it as a whole and makes it the config in force: applications missing from it are
 * deleted, changed ones deployed, unchanged ones left alone. Returns without waiting for the
 * applications to run ({@code trellis serve status} shows progress). A rejected config prints
 * every problem with the file's line numbers and exits 2; nothing changes then.
 */
@Command(name = "deploy", mixinStandardHelpOptions = true, versionProvider = TrellisVersion.class, sortOptions = false,
        description = {"Deploys a config file to the running Trellis instance (idempotent).",
                "Applications missing from the file are deleted; unchanged ones are left running."},
        footer = {"", "Examples:", "  trellis serve deploy examples/iris.yaml",
                "  trellis serve deploy config.yaml --address http://127.0.0.1:8265"})
final class ServeDeployCommand extends AdminCommand {

    @Parameters(index = "0", paramLabel = "FILE", description = "Serve config file (YAML, or JSON for *.json).")
    Path file;

    @Override
    int run(AdminClient client, PrintWriter out, PrintWriter err) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            err.println("Invalid Serve config file " + file + ": no such file");
            return EXIT_BAD_INPUT;
        } catch (IOException e) {
            err.println("Invalid Serve config file " + file + ": cannot read it: " + e.getMessage());
            return EXIT_BAD_INPUT;
        }
        boolean json = file.toString().toLowerCase(Locale.ROOT).endsWith(".json");
        var response = client.send("PUT", "/api/serve/applications/", json ? "application/json" : "application/yaml", text);
        if (response.statusCode() == 400) {
            JsonNode body = AdminClient.JSON.createObjectNode();
            try {
                body = AdminClient.JSON.readTree(response.body());
            } catch (IOException ignored) {
                // printed as the server's raw answer below
            }
            printProblems(body, response.body(), err);
            return EXIT_BAD_INPUT;
        }
        JsonNode outcome = client.json(response);
        out.println("Deployed " + file + " to " + client.address() + ".");
        line(out, "  Deployed or updated: ", outcome.path("deployed"));
        line(out, "  Unchanged: ", outcome.path("unchanged"));
        line(out, "  Deleted: ", outcome.path("deleted"));
        out.println("Follow progress with `trellis serve status`.");
        return 0;
    }

    private void printProblems(JsonNode body, String raw, PrintWriter err) {
        JsonNode problems = body.path("problems");
        if (!problems.isArray() || problems.isEmpty()) {
            err.println("Rejected " + file + ": " + body.path("error").asText(raw));
            return;
        }
        err.println("Invalid Serve config file " + file + " (" + problems.size()
                + (problems.size() == 1 ? " problem" : " problems") + "; nothing was changed):");
        for (JsonNode p : problems) {
            String where = p.path("path").asText("");
            int line = p.path("line").asInt(0);
            if (line > 0) {
                where = where.isEmpty() ? "line " + line : where + " (line " + line + ")";
            }
            err.println("  - " + (where.isEmpty() ? "" : where + ": ") + p.path("message").asText().replace("\n", "\n    "));
        }
    }

    private static void line(PrintWriter out, String label, JsonNode names) {
        if (names.isArray() && !names.isEmpty()) {
            var list = new java.util.ArrayList<String>();
            names.forEach(n -> list.add(n.asText()));
            out.println(label + String.join(", ", list));
        }
    }
}
