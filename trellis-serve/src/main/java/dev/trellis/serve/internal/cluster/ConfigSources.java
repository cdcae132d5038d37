package dev.trellis.serve.internal.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trellis.serve.config.ConfiguredApplication;
import dev.trellis.serve.config.ServeConfigFile;
import dev.trellis.serve.internal.spec.ApplicationPlanner;
import dev.trellis.serve.internal.spec.ApplicationSpec;

/**
 * Applications as the controller stores them on a cluster ({@link ServeStateStore}): the config
 * entry each was deployed from, as JSON text, and back to a planned application on whichever
 * node's controller reads it.
 */
public final class ConfigSources {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ConfigSources() {
    }

    public static String text(JsonNode entry) {
        return entry.toString();
    }

    /** Plans the application {@code text} describes, as a config file holding only its entry would. */
    public static ApplicationSpec rebuild(String text) {
        try {
            ObjectNode file = JSON.createObjectNode();
            file.putArray("applications").add(JSON.readTree(text));
            ConfiguredApplication app = ServeConfigFile.parse(file.toString(), "the cluster's stored Serve state")
                    .applications().get(0);
            return ApplicationPlanner.plan(app.application(), app.name(), app.routePrefix());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("a stored application is not valid JSON: " + e.getMessage(), e);
        }
    }
}
