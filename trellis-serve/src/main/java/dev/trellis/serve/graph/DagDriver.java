package dev.trellis.serve.graph;

import dev.trellis.serve.DeploymentHandle;
import dev.trellis.serve.internal.handle.MethodInvoker;
import java.util.List;

/**
 * The ingress of a deployment graph (Ray's {@code DAGDriver}): runs the graph for each input.
 * Over HTTP its one method takes the JSON body as the graph's input (Ray's {@code json_request}
 * adapter); through a handle, {@code handle.remote(DagDriver::predict, input)}. Made by
 * {@link DeploymentGraph#driver()}.
 */
public final class DagDriver {
    private final DeploymentGraph graph;
    private final List<MethodInvoker> deployments;

    public DagDriver(DeploymentGraph graph, List<DeploymentHandle<?>> deployments) {
        this.graph = graph;
        this.deployments = deployments.stream().map(h -> (MethodInvoker) h).toList();
    }

    /** Runs the graph on {@code input} and returns its output. */
    public Object predict(Object input) {
        return graph.plan().execute(input, deployments).result();
    }
}
