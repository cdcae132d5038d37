package dev.trellis.examples.graph;

import dev.trellis.http.BadRequestException;
import java.time.Duration;
import java.util.List;

/**
 * Seed 000's two preprocessing functions, each deployed as a function deployment by
 * {@link InferenceGraph}. The sleeps stand in for blocking feature computation, as the seed's
 * {@code asyncio.sleep} calls do, so that the graph's parallel branches can be seen in the
 * time one request takes. Input they cannot use is a bad request (HTTP 400).
 */
public final class Preprocessors {
    /** How long {@link #preprocess} works. */
    public static final Duration PREPROCESS_TIME = Duration.ofMillis(100);
    /** How long {@link #average} works. */
    public static final Duration AVERAGE_TIME = Duration.ofMillis(150);

    private Preprocessors() {
    }

    /** Simple feature processing that converts a string to an int. */
    public static int preprocess(String input) {
        Work.simulate(PREPROCESS_TIME);
        try {
            return Integer.parseInt(input.strip());
        } catch (NumberFormatException e) {
            throw new BadRequestException("preprocessor needs a whole number, was \"" + input + "\"");
        }
    }

    /** Simple feature processing that returns the average of a list of numbers. */
    public static double average(List<? extends Number> input) {
        if (input.isEmpty()) {
            throw new BadRequestException("avg_preprocessor needs at least one number, was []");
        }
        Work.simulate(AVERAGE_TIME);
        return input.stream().mapToDouble(Number::doubleValue).average().orElseThrow();
    }
}
