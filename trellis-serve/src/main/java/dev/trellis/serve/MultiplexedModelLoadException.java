package dev.trellis.serve;

/**
 * A {@link Multiplexed @Multiplexed} loader failed for one model id. Thrown on the replica by
 * {@link Multiplexing#model} to every call that waited for that load; the failed load is not
 * cached, so the next call for the id tries again. The message reads
 * {@code "loading multiplexed model 'zzz' with Classifier.load failed: <type>: <message>"}; a
 * caller of the deployment sees it as a {@link UserCodeException} of this type. (When the
 * loader threw an {@link InvalidInputException}, say for an unknown id, the failure is an
 * {@code InvalidInputException} with the same message instead, which HTTP answers 400.)
 */
public final class MultiplexedModelLoadException extends ServeException {
    private final String modelId;

    public MultiplexedModelLoadException(String modelId, String message, Throwable cause) {
        super(message, cause);
        this.modelId = modelId;
    }

    /** The model id whose load failed. */
    public String modelId() {
        return modelId;
    }
}
