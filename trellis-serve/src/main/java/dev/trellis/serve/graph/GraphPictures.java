package dev.trellis.serve.graph;

import dev.trellis.serve.Application;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Draws a graph: solid arrows carry data (the input, or a part of it, and step results), dotted
 * arrows lead from a deployment passed to a constructor (reached through its handle) to the
 * steps of the deployment that holds the handle.
 */
final class GraphPictures {
    private GraphPictures() {
    }

    private record Edge(String from, String to, String label, boolean handle) {
    }

    private record Picture(Map<String, String> nodes, List<Edge> edges) {
    }

    static String mermaid(DeploymentGraph graph) {
        Picture p = picture(graph);
        var out = new StringBuilder("flowchart LR\n");
        p.nodes().forEach((id, label) -> out.append("    ").append(id)
                .append(id.equals("input") || id.equals("output") ? "([\"" + label + "\"])"
                        : id.startsWith("dep") ? "[(\"" + label + "\")]" : "[\"" + label + "\"]").append('\n'));
        for (Edge e : p.edges()) {
            out.append("    ").append(e.from());
            if (e.handle()) {
                out.append(" -. handle .-> ");
            } else if (e.label() != null) {
                out.append(" -- \"").append(e.label().replace("\"", "#quot;")).append("\" --> ");
            } else {
                out.append(" --> ");
            }
            out.append(e.to()).append('\n');
        }
        return out.toString();
    }

    static String dot(DeploymentGraph graph) {
        Picture p = picture(graph);
        var out = new StringBuilder("digraph deployment_graph {\n    rankdir=LR;\n");
        p.nodes().forEach((id, label) -> out.append("    ").append(id).append(" [label=\"").append(escape(label))
                .append("\", shape=").append(id.equals("input") || id.equals("output") ? "oval"
                        : id.startsWith("dep") ? "cylinder" : "box").append("];\n"));
        for (Edge e : p.edges()) {
            out.append("    ").append(e.from()).append(" -> ").append(e.to());
            if (e.handle()) {
                out.append(" [style=dotted, label=\"handle\"]");
            } else if (e.label() != null) {
                out.append(" [label=\"").append(escape(e.label())).append("\"]");
            }
            out.append(";\n");
        }
        return out.append("}\n").toString();
    }

    private static Picture picture(DeploymentGraph graph) {
        var nodes = new java.util.LinkedHashMap<String, String>();
        var edges = new ArrayList<Edge>();
        nodes.put("input", "INPUT");
        List<GraphPlan.Step> steps = graph.plan().steps();
        for (int i = 0; i < steps.size(); i++) {
            GraphPlan.Step step = steps.get(i);
            String id = "step" + i;
            nodes.put(id, step.label());
            for (GraphPlan.Arg arg : step.args()) {
                switch (arg) {
                    case GraphPlan.InputArg in -> edges.add(new Edge("input", id,
                            in.key() != null ? "[\"" + in.key() + "\"]" : in.index() >= 0 ? "[" + in.index() + "]" : null, false));
                    case GraphPlan.StepArg s -> edges.add(new Edge("step" + s.step(), id, null, false));
                    case GraphPlan.ValueArg v -> { }
                }
            }
        }
        Map<Application<?>, String> deps = new IdentityHashMap<>();
        for (int i = 0; i < steps.size(); i++) {
            Application<?> target = graph.deployments().get(steps.get(i).target());
            for (Object arg : target.args()) {
                for (Application<?> child : applications(arg)) {
                    String dep = deps.computeIfAbsent(child, c -> "dep" + deps.size());
                    nodes.putIfAbsent(dep, child.ingress().name());
                    edges.add(new Edge(dep, "step" + i, null, true));
                }
            }
        }
        nodes.put("output", "OUTPUT");
        edges.add(new Edge("step" + (steps.size() - 1), "output", null, false));
        return new Picture(nodes, edges);
    }

    private static List<Application<?>> applications(Object arg) {
        if (arg instanceof Application<?> app) {
            return List.of(app);
        }
        if (arg instanceof List<?> list) {
            return list.stream().filter(Application.class::isInstance).<Application<?>>map(a -> (Application<?>) a).toList();
        }
        return List.of();
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
