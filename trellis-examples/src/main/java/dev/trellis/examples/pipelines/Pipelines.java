package dev.trellis.examples.pipelines;

import dev.trellis.serve.Application;
import dev.trellis.serve.DeploymentDefinition;
import dev.trellis.serve.Serve;
import dev.trellis.serve.ServeFunction;
import dev.trellis.serve.graph.DagDriver;
import dev.trellis.serve.graph.DeploymentGraph;
import dev.trellis.serve.graph.Graph;
import dev.trellis.serve.graph.GraphNode;
import dev.trellis.serve.graph.InputNode;

/**
 * Seed 003, "Pipeline API", in Trellis: three multi-model pipelines over a grayscale image,
 * each a deployment graph behind a DAGDriver, each step its own deployment scaled on its own.
 *
 * <pre>
 * chain:     INPUT["image"] -&gt; preprocess -&gt; resnet18                            -&gt; Classification
 * ensemble:  INPUT["image"] -&gt; preprocess -&gt; resnet18 \
 *                                        \-&gt; resnet34 -&gt; ConfidenceVote (threshold) -&gt; Decision
 * selection: INPUT["image"] -&gt; preprocess -\
 *            INPUT["model"] ----------------&gt; ModelSelector -&gt; resnet18 or resnet34 -&gt; Classification
 * </pre>
 *
 * The request body is {@code {"image": [[0, 0, 0], [255, 255, 255], ...]}} (rows of 0-255
 * intensities), plus {@code "model": "fast"} or {@code "accurate"} for the selection. The
 * models are deterministic stand-ins ({@link PatternModel}). Each graph also runs in this
 * process without replicas, e.g. {@code Pipelines.ensembleGraph().executeLocally(input)}, with
 * the same answers. Run them with {@code ./trellis serve run examples/pipelines.yaml}.
 */
public final class Pipelines {
    /** The ensemble's threshold: below this averaged confidence the answer is "uncertain". */
    public static final double REVIEW_THRESHOLD = 0.75;

    private static final DeploymentDefinition<ServeFunction<int[][], NormalizedImage>> PREPROCESS =
            Serve.function("preprocess", Preprocess::normalize);

    /** Import path {@code dev.trellis.examples.pipelines.Pipelines:chain}. */
    public static final Application<DagDriver> chain = chainGraph().driver();

    /** Import path {@code dev.trellis.examples.pipelines.Pipelines:ensemble}. */
    public static final Application<DagDriver> ensemble = ensembleGraph().driver();

    /** Import path {@code dev.trellis.examples.pipelines.Pipelines:selection}. */
    public static final Application<DagDriver> selection = selectionGraph().driver();

    private Pipelines() {
    }

    /** preprocess -&gt; one model. */
    public static DeploymentGraph chainGraph() {
        InputNode input = InputNode.create();
        GraphNode<NormalizedImage> image = Graph.call(PREPROCESS, input.get("image"));
        return DeploymentGraph.of(Graph.method(resnet18(), PatternModel::classify, image));
    }

    /** preprocess -&gt; two models in parallel -&gt; a vote with a review threshold. */
    public static DeploymentGraph ensembleGraph() {
        InputNode input = InputNode.create();
        GraphNode<NormalizedImage> image = Graph.call(PREPROCESS, input.get("image"));
        GraphNode<Classification> small = Graph.method(resnet18(), PatternModel::classify, image);
        GraphNode<Classification> large = Graph.method(resnet34(), PatternModel::classify, image);
        Application<ConfidenceVote> vote = Serve.deployment(ConfidenceVote.class).bind(REVIEW_THRESHOLD);
        return DeploymentGraph.of(Graph.method(vote, ConfidenceVote::decide, small, large));
    }

    /** preprocess, then the model the input's "model" field names. */
    public static DeploymentGraph selectionGraph() {
        InputNode input = InputNode.create();
        GraphNode<NormalizedImage> image = Graph.call(PREPROCESS, input.get("image"));
        Application<ModelSelector> selector = Serve.deployment(ModelSelector.class).bind(resnet18(), resnet34());
        return DeploymentGraph.of(Graph.method(selector, ModelSelector::classify, input.get("model"), image));
    }

    /** The smaller model, the "fast" one. */
    private static Application<PatternModel> resnet18() {
        return Serve.deployment(PatternModel.class).withName("resnet18").options(o -> o.numReplicas(2))
                .bind("resnet18", 4.0);
    }

    /** The larger model, the "accurate" one: the same evidence, weighed more sharply. */
    private static Application<PatternModel> resnet34() {
        return Serve.deployment(PatternModel.class).withName("resnet34").options(o -> o.numReplicas(2))
                .bind("resnet34", 8.0);
    }
}
