package dev.trellis.examples.graph;

import dev.trellis.examples.InputChecks;
import dev.trellis.http.BadRequestException;
import java.time.Duration;
import java.util.List;

/**
 * Seed 000's two preprocessing functions, each deployed as a function deployment by
 * {@link InferenceGraph}. The sleeps stand in for blocking feature computation, as the seed's
 * {@code asyncio.sleep} calls do, so that the graph's parallel branches can be seen in the
 * time one request takes. Input they cannot use is a bad request (HTTP 400) naming the part
 * and what came: the first part must be a whole number as text (an int), the second a list of
 * 1 to {@value #MAX_NUMBERS} numbers, each finite and from -10^9 to 10^9 (so that their
 * average is finite too).
 */
public final class Preprocessors {
    /** How long {@link #preprocess} works. */
    public static final Duration PREPROCESS_TIME = Duration.ofMillis(100);
    /** How long {@link #average} works. */
    public static final Duration AVERAGE_TIME = Duration.ofMillis(150);
    /** The most numbers {@link #average} takes. */
    public static final int MAX_NUMBERS = 1_000;
    /** The largest magnitude of a number {@link #average} takes. */
    public static final double MAX_MAGNITUDE = 1e9;

    private Preprocessors() {
    }

    /** Simple feature processing that converts a string to an int. */
    public static int preprocess(String input) {
        if (input == null) {
            throw new BadRequestException("preprocessor needs a whole number, was null");
        }
        Work.simulate(PREPROCESS_TIME);
        try {
            return Integer.parseInt(input.strip());
        } catch (NumberFormatException e) {
            throw new BadRequestException("preprocessor needs a whole number from " + Integer.MIN_VALUE + " to "
                    + Integer.MAX_VALUE + ", was \"" + input + "\"");
        }
    }

    /**
     * Simple feature processing that returns the average of a list of numbers. The list is the
     * request's JSON array, so each element is checked: a client may have put anything in it.
     */
    public static double average(List<? extends Number> input) {
        if (input == null || input.isEmpty() || input.size() > MAX_NUMBERS) {
            throw new BadRequestException("avg_preprocessor needs 1 to " + MAX_NUMBERS + " numbers, was "
                    + (input == null ? "null" : input.size() + " numbers"));
        }
        double sum = 0;
        for (int i = 0; i < input.size(); i++) {
            Object element = input.get(i);
            if (!(element instanceof Number number)) {
                throw new BadRequestException("avg_preprocessor needs numbers, element " + i + " was "
                        + (element instanceof String text ? "\"" + text + "\"" : String.valueOf(element)));
            }
            sum += InputChecks.requireBetween("element " + i + " of avg_preprocessor's list", number.doubleValue(),
                    -MAX_MAGNITUDE, MAX_MAGNITUDE);
        }
        Work.simulate(AVERAGE_TIME);
        return sum / input.size();
    }
}
