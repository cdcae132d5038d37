package dev.trellis.serve.graph;

import dev.trellis.serve.Application;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pictures of any application: the deployment graph of a {@link DagDriver} application, or,
 * for handle-based composition, the bind tree (each deployment, with dotted arrows from a
 * deployment to those that receive its handle). {@code trellis serve graph} prints these.
 */
public final class GraphPicture {
    private GraphPicture() {
    }

    /** The graph behind a {@link DagDriver} application, or null for other applications. */
    public static DeploymentGraph graphOf(Application<?> app) {
        if (app.ingress().userClass() == DagDriver.class && !app.args().isEmpty()
                && app.args().getFirst() instanceof DeploymentGraph graph) {
            return graph;
        }
        return null;
    }

    public static String mermaid(Application<?> app) {
        DeploymentGraph graph = graphOf(app);
        if (graph != null) {
            return graph.toMermaid();
        }
        var out = new StringBuilder("flowchart LR\n");
        var tree = tree(app);
        tree.names().forEach((a, id) -> out.append("    ").append(id).append("[\"").append(a.ingress().name())
                .append(a == app ? " (ingress)" : "").append("\"]\n"));
        for (String[] edge : tree.edges()) {
            out.append("    ").append(edge[0]).append(" -. handle .-> ").append(edge[1]).append('\n');
        }
        return out.toString();
    }

    public static String dot(Application<?> app) {
        DeploymentGraph graph = graphOf(app);
        if (graph != null) {
            return graph.toDot();
        }
        var out = new StringBuilder("digraph application {\n    rankdir=LR;\n");
        var tree = tree(app);
        tree.names().forEach((a, id) -> out.append("    ").append(id).append(" [label=\"").append(a.ingress().name())
                .append(a == app ? " (ingress)" : "").append("\", shape=box];\n"));
        for (String[] edge : tree.edges()) {
            out.append("    ").append(edge[0]).append(" -> ").append(edge[1]).append(" [style=dotted, label=\"handle\"];\n");
        }
        return out.append("}\n").toString();
    }

    private record Tree(Map<Application<?>, String> names, List<String[]> edges) {
    }

    private static Tree tree(Application<?> root) {
        var tree = new Tree(new java.util.LinkedHashMap<>(), new java.util.ArrayList<>());
        visit(root, tree, new IdentityHashMap<>());
        return tree;
    }

    private static String visit(Application<?> app, Tree tree, Map<Application<?>, String> ids) {
        String existing = ids.get(app);
        if (existing != null) {
            return existing;
        }
        String id = "d" + ids.size();
        ids.put(app, id);
        tree.names().put(app, id);
        for (Object arg : app.args()) {
            List<?> children = arg instanceof List<?> list ? list : List.of(arg == null ? "" : arg);
            for (Object child : children) {
                if (child instanceof Application<?> c) {
                    tree.edges().add(new String[] {visit(c, tree, ids), id});
                }
            }
        }
        return id;
    }
}
