package dev.trellis.http.internal.admin;

import dev.trellis.serve.config.ConfigException;
import dev.trellis.serve.config.ConfigProblem;
import dev.trellis.serve.config.ConfiguredApplication;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The order in which a config's applications can be deployed when running applications move
 * their route prefixes: the runtime refuses a prefix another application still holds, so an
 * application taking over a prefix goes after the one leaving it ({@code a: /a -> /b},
 * {@code b: /b -> /c} deploys b first). A cycle (two applications swapping prefixes) has no
 * such order: the config is rejected before anything changes. Pure.
 */
final class DeployOrder {
    private DeployOrder() {
    }

    /**
     * @param apps    the config's applications, in file order
     * @param running the route prefix (null: none) of each running application the config keeps
     * @throws ConfigException naming each application caught in a cycle
     */
    static List<ConfiguredApplication> of(List<ConfiguredApplication> apps, Map<String, String> running, String source) {
        var holders = new HashMap<String, String>();
        running.forEach((app, prefix) -> {
            if (prefix != null) {
                holders.put(prefix, app);
            }
        });
        var pending = new ArrayList<>(apps);
        var ordered = new ArrayList<ConfiguredApplication>();
        boolean progress = true;
        while (!pending.isEmpty() && progress) {
            progress = false;
            for (var it = pending.iterator(); it.hasNext(); ) {
                ConfiguredApplication app = it.next();
                String holder = app.routePrefix() == null ? null : holders.get(app.routePrefix());
                if (holder != null && !holder.equals(app.name())) {
                    continue;
                }
                String old = running.get(app.name());
                if (old != null && app.name().equals(holders.get(old))) {
                    holders.remove(old);
                }
                if (app.routePrefix() != null) {
                    holders.put(app.routePrefix(), app.name());
                }
                ordered.add(app);
                it.remove();
                progress = true;
            }
        }
        if (pending.isEmpty()) {
            return ordered;
        }
        var problems = new ArrayList<ConfigProblem>();
        for (ConfiguredApplication app : pending) {
            problems.add(new ConfigProblem("applications[" + apps.indexOf(app) + "].route_prefix", 0, "\""
                    + app.routePrefix() + "\" is held by running application '" + holders.get(app.routePrefix())
                    + "', which this config moves elsewhere while '" + app.name() + "' leaves a prefix it needs:"
                    + " running applications cannot swap route prefixes in one deploy; deploy in two steps"));
        }
        throw new ConfigException(source, problems);
    }
}
