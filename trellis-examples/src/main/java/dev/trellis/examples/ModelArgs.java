package dev.trellis.examples;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The {@code args} of an example application with one model, in a config file:
 * {@code args: {model: <location>}}, a {@link ModelLocations location} (a classpath resource or
 * a file path). Without it (no {@code args}, or no {@code model} key) the example serves its
 * committed fixture model.
 */
public record ModelArgs(@JsonProperty("model") String model) {

    /** The location to load: {@code model}, or {@code fixture} when none was given. */
    public String modelOr(String fixture) {
        return model == null ? fixture : model;
    }
}
