package dev.trellis.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code trellis serve config}, as Ray's {@code serve config}: each application's config in
 * force on the running instance (its entry as last deployed), as YAML documents separated by
 * {@code ---}. Applications deployed otherwise than through a config have none and are left out.
 */
@Command(name = "config", mixinStandardHelpOptions = true, versionProvider = TrellisVersion.class, sortOptions = false,
        description = "Prints the config in force of each application of the running Trellis instance, as YAML.")
final class ServeConfigCommand extends AdminCommand {
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .build();

    @Option(names = {"-n", "--name"}, paramLabel = "APP", description = "Only this application's config.")
    String name;

    @Override
    int run(AdminClient client, PrintWriter out, PrintWriter err) {
        JsonNode apps = client.json(client.send("GET", "/api/serve/applications/", null, null)).path("applications");
        if (name != null && !apps.has(name)) {
            err.println("No application named '" + name + "' runs at " + client.address() + ".");
            return EXIT_FAILED;
        }
        int printed = 0;
        for (var e : apps.properties()) {
            JsonNode config = e.getValue().path("deployed_app_config");
            if ((name != null && !name.equals(e.getKey())) || config.isNull() || config.isMissingNode()) {
                continue;
            }
            if (printed++ > 0) {
                out.println("---");
            }
            out.print(yaml(config));
        }
        if (printed == 0) {
            out.println("# No config in force: nothing was deployed with `trellis serve deploy`.");
        }
        return 0;
    }

    private static String yaml(JsonNode node) {
        try {
            return YAML.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write YAML", e);
        }
    }
}
