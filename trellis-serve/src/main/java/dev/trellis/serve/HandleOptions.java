package dev.trellis.serve;

/**
 * Per-handle call options, the counterpart of Ray's {@code handle.options(...)}. A handle's
 * options apply to every call made through it; {@link DeploymentHandle#options} returns a new
 * handle with changed options and leaves the original as it was:
 * <pre>{@code
 * DeploymentHandle<Classifier> forA = classifier.options(o -> o.multiplexedModelId("customer-a"));
 * forA.remote(Classifier::predict, "some text").result();
 * }</pre>
 *
 * @param multiplexedModelId Ray's {@code multiplexed_model_id}: the model the calls are for
 *     (see {@link Multiplexed}); null for none. The replica reads it with
 *     {@link Multiplexing#modelId()}. Not passed on to the calls the deployment makes in turn.
 */
public record HandleOptions(String multiplexedModelId) {
    /** The longest model id accepted: ids are names or paths, not payloads. */
    public static final int MAX_MODEL_ID_LENGTH = 512;

    /** No options set: what a handle from {@code Serve.run} or a constructor argument has. */
    public static final HandleOptions DEFAULT = new HandleOptions(null);

    public HandleOptions {
        if (multiplexedModelId != null) {
            checkModelId(multiplexedModelId);
        }
    }

    public static Builder builder() {
        return new Builder(DEFAULT);
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Checks a multiplexed model id: not blank, at most {@link #MAX_MODEL_ID_LENGTH} characters,
     * no control characters.
     *
     * @throws IllegalArgumentException naming {@code multiplexed_model_id} and the value
     */
    public static String checkModelId(String modelId) {
        if (modelId == null) {
            throw new IllegalArgumentException("multiplexed_model_id must not be null");
        }
        if (modelId.isBlank()) {
            throw new IllegalArgumentException("multiplexed_model_id must not be blank, was '" + modelId + "'");
        }
        if (modelId.length() > MAX_MODEL_ID_LENGTH) {
            throw new IllegalArgumentException("multiplexed_model_id must be at most " + MAX_MODEL_ID_LENGTH
                    + " characters, was " + modelId.length() + " ('" + modelId.substring(0, 40) + "...')");
        }
        if (hasControlCharacter(modelId)) {
            throw new IllegalArgumentException("multiplexed_model_id must not contain control characters, was '"
                    + modelId.chars().mapToObj(c -> Character.isISOControl(c) ? String.format("\\u%04x", c)
                    : String.valueOf((char) c)).reduce("", String::concat) + "'");
        }
        return modelId;
    }

    private static boolean hasControlCharacter(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isISOControl(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** Builds {@link HandleOptions}; every setter validates its value at once. */
    public static final class Builder {
        private String multiplexedModelId;

        private Builder(HandleOptions from) {
            this.multiplexedModelId = from.multiplexedModelId;
        }

        /**
         * {@code multiplexed_model_id}: the model the calls are for; null clears it.
         *
         * @throws IllegalArgumentException if the id is blank, longer than
         *     {@link #MAX_MODEL_ID_LENGTH} or contains control characters
         */
        public Builder multiplexedModelId(String modelId) {
            this.multiplexedModelId = modelId == null ? null : checkModelId(modelId);
            return this;
        }

        public HandleOptions build() {
            return new HandleOptions(multiplexedModelId);
        }
    }
}
