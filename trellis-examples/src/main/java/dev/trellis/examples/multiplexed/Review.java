package dev.trellis.examples.multiplexed;

/** The request body: {@code {"text": "..."}}. */
public record Review(String text) {
}
