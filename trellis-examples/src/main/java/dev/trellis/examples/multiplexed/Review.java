package dev.trellis.examples.multiplexed;

import dev.trellis.examples.InputChecks;

/**
 * The request body: {@code {"text": "..."}}. The text is required and has at most
 * {@value #MAX_LENGTH} characters (a long review, not a book); anything else is an
 * {@link dev.trellis.serve.InvalidInputException}, answered 400 over HTTP.
 */
public record Review(String text) {
    /** The most characters a review may have. */
    public static final int MAX_LENGTH = 10_000;

    public Review {
        InputChecks.requireText("text", text, MAX_LENGTH);
    }
}
