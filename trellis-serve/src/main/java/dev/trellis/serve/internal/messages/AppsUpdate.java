package dev.trellis.serve.internal.messages;

import dev.trellis.core.internal.serialization.TrellisSerializable;
import java.util.List;

/**
 * The controller's word to other nodes on what applications exist: the routes their HTTP
 * proxies serve, and the deployment classes whose calls and replies their handles may decode.
 * Each update replaces the last.
 */
public record AppsUpdate(List<Route> routes, List<String> deploymentClasses) implements HostCommand, TrellisSerializable {
    public AppsUpdate {
        routes = List.copyOf(routes);
        deploymentClasses = List.copyOf(deploymentClasses);
    }

    /** One application reachable through the proxies: its route prefix and ingress deployment. */
    public record Route(String applicationName, String routePrefix, String ingressDeployment, String ingressClass) {
    }
}
