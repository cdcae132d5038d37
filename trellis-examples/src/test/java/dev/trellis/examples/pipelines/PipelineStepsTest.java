package dev.trellis.examples.pipelines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.trellis.http.BadRequestException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pipelines' steps as plain Java, without Serve. */
class PipelineStepsTest {
    private final PatternModel small = new PatternModel("resnet18", 4.0);
    private final PatternModel large = new PatternModel("resnet34", 8.0);

    private String labelOf(int[][] image) {
        return small.classify(Preprocess.normalize(image)).label();
    }

    @Test
    void preprocessingScalesIntensitiesToTheUnitInterval() {
        double[][] pixels = Preprocess.normalize(new int[][] {{0, 51}, {255, 102}}).pixels();

        assertThat(pixels).isDeepEqualTo(new double[][] {{0.0, 0.2}, {1.0, 0.4}});
    }

    @Test
    void preprocessingRefusesARaggedImageNamingTheRow() {
        assertThatExceptionOfType(BadRequestException.class)
                .isThrownBy(() -> Preprocess.normalize(new int[][] {{0, 1}, {2}}))
                .withMessage("image rows must all have 2 pixels, row 1 has 1");
    }

    @Test
    void preprocessingRefusesAnIntensityOutOfRangeNamingThePixel() {
        assertThatExceptionOfType(BadRequestException.class)
                .isThrownBy(() -> Preprocess.normalize(new int[][] {{0, 1}, {2, 300}}))
                .withMessage("pixel [1][1] must be 0-255, was 300");
    }

    @Test
    void theModelTellsTheKindsOfImageApart() {
        assertThat(labelOf(Images.HORIZONTAL_STRIPES)).isEqualTo("horizontal stripes");
        assertThat(labelOf(Images.VERTICAL_STRIPES)).isEqualTo("vertical stripes");
        assertThat(labelOf(Images.GRAY)).isEqualTo("flat");
    }

    @Test
    void theLargerModelIsMoreConfidentOfTheSameLabel() {
        NormalizedImage stripes = Preprocess.normalize(Images.HORIZONTAL_STRIPES);

        assertThat(small.classify(stripes).scores()).containsExactly(Map.entry("horizontal stripes", 0.9647),
                Map.entry("vertical stripes", 0.0177), Map.entry("flat", 0.0177));
        assertThat(large.classify(stripes).scores()).containsExactly(Map.entry("horizontal stripes", 0.9993),
                Map.entry("vertical stripes", 0.0003), Map.entry("flat", 0.0003));
    }

    @Test
    void theVoteAnswersWhenTheAveragedConfidenceReachesTheThreshold() {
        NormalizedImage stripes = Preprocess.normalize(Images.HORIZONTAL_STRIPES);

        Decision decision = new ConfidenceVote(0.75).decide(small.classify(stripes), large.classify(stripes));

        assertThat(decision)
                .isEqualTo(new Decision("horizontal stripes", 0.982, false, List.of("resnet18", "resnet34")));
    }

    @Test
    void theVoteFlagsAnAnswerBelowTheThresholdForReview() {
        NormalizedImage checkerboard = Preprocess.normalize(Images.CHECKERBOARD);

        Decision decision = new ConfidenceVote(0.75)
                .decide(small.classify(checkerboard), large.classify(checkerboard));

        assertThat(decision).isEqualTo(new Decision("uncertain", 0.4977, true, List.of("resnet18", "resnet34")));
    }
}
