package dev.trellis.serve.config;

import dev.trellis.serve.Application;
import dev.trellis.serve.ServeNames;
import java.util.Objects;

/**
 * One application to run, as a config file (or the command line) describes it: its name, its
 * route prefix and the application built from its import path with the file's deployment
 * overrides applied. Pass the parts to {@link dev.trellis.serve.Serve#run}.
 *
 * @param name        non-blank, without '#'
 * @param routePrefix starts with "/" and does not end with "/" (except "/" itself);
 *                    {@code null} for an application with no HTTP route
 */
public record ConfiguredApplication(String name, String routePrefix, Application<?> application) {

    public ConfiguredApplication {
        ServeNames.checkApplicationName(name);
        ServeNames.checkRoutePrefix(routePrefix);
        Objects.requireNonNull(application, "application");
    }
}
