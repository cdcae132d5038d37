package dev.trellis.models.internal.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.models.ModelInputException;
import dev.trellis.models.ModelSignature;
import dev.trellis.models.TensorSpec;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The conventions {@link PredictPlan} reads from a signature, without ONNX Runtime. */
class PredictPlanTest {
    private static final TensorSpec FEATURES = new TensorSpec("input", "float", new long[] {-1, 4});

    private static PredictPlan plan(TensorSpec... outputs) {
        return PredictPlan.of(new ModelSignature(List.of(FEATURES), List.of(outputs)));
    }

    private static TensorSpec spec(String name, String type, long... shape) {
        return new TensorSpec(name, type, shape);
    }

    @Test
    void aClassifierHasALabelAndAScoresOutput() {
        var plan = plan(spec("label", "int64", -1), spec("probabilities", "float", -1, 3));
        assertThat(plan.labelOutput()).contains("label");
        assertThat(plan.scoresOutput()).contains("probabilities");
        assertThat(plan.requestedOutputs()).containsExactly("label", "probabilities");
        assertThat(plan.exampleSize()).isEqualTo(4);
    }

    @Test
    void namesBreakTiesBetweenOutputsThatQualify() {
        var plan = plan(spec("logits", "float", -1, 3), spec("class_id", "int64", -1, 1),
                spec("predicted_label", "int64", -1), spec("probabilities", "float", -1, 3));
        assertThat(plan.labelOutput()).contains("predicted_label");
        assertThat(plan.scoresOutput()).contains("probabilities");
    }

    @Test
    void withoutAHintingNameTheFirstQualifyingOutputWins() {
        var plan = plan(spec("embedding", "float", -1, 2, 8), spec("a", "float", -1, 3), spec("b", "float", -1, 3));
        assertThat(plan.labelOutput()).isEmpty();
        assertThat(plan.scoresOutput()).contains("a");
        assertThat(plan.requestedOutputs()).containsExactly("a");
    }

    @Test
    void aZipMapSequenceCountsAsScores() {
        var plan = plan(spec("output_label", "int64", -1), spec("output_probability", "seq(map(int64,float))", -1));
        assertThat(plan.scoresOutput()).contains("output_probability");
    }

    @Test
    void anImageInputIsFlattenedPerExample() {
        var image = new TensorSpec("image", "float", new long[] {-1, 1, 28, 28});
        var plan = PredictPlan.of(new ModelSignature(List.of(image), List.of(spec("probabilities", "float", -1, 10))));
        assertThat(plan.exampleSize()).isEqualTo(784);
        assertThat(plan.tensorShape("m", 3)).containsExactly(3, 1, 28, 28);
        assertThat(plan.oneRowPerRun()).isFalse();
    }

    @Test
    void aFixedBatchSizeTakesExactlyThatManyRows() {
        var fixed = new TensorSpec("x", "float", new long[] {8, 4});
        var plan = PredictPlan.of(new ModelSignature(List.of(fixed), List.of(spec("y", "float", 8, 2))));
        assertThat(plan.tensorShape("m", 8)).containsExactly(8, 4);
        assertThatThrownBy(() -> plan.tensorShape("m", 3))
                .isInstanceOf(ModelInputException.class)
                .hasMessage("m: the model takes batches of exactly 8 rows (input 'x' is [8, 4]), got 3");
    }

    @Test
    void aBatchOfOneRunsRowByRow() {
        var one = new TensorSpec("x", "float", new long[] {1, 4});
        assertThat(PredictPlan.of(new ModelSignature(List.of(one), List.of(spec("y", "float", 1, 2)))).oneRowPerRun())
                .isTrue();
    }

    @Test
    void doubleInputsAreWidened() {
        var doubles = new TensorSpec("x", "double", new long[] {-1, 2});
        var plan = PredictPlan.of(new ModelSignature(List.of(doubles), List.of(spec("y", "double", -1, 2))));
        assertThat(plan).isEqualTo(new PredictPlan("x", true, new long[] {-1, 2}, Optional.empty(), Optional.of("y")));
    }

    @Test
    void graphsPredictCannotFeedOrReadAreRefusedSayingWhy() {
        assertThatThrownBy(() -> PredictPlan.of(new ModelSignature(
                List.of(new TensorSpec("tokens", "float", new long[] {-1, -1})), List.of(spec("y", "float", -1)))))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("its input tokens: float[-1, -1] has a free dimension after the batch one");
        assertThatThrownBy(() -> plan(spec("mask", "float", -1, 1, 28, 28), spec("name", "string", -1)))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("none of its outputs [mask: float[-1, 1, 28, 28], name: string[-1]]");
    }
}
