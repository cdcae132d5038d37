package dev.trellis.serve;

/**
 * Implemented by deployment classes that take a user config. {@link #reconfigure} runs once
 * after the constructor and again on every running replica whenever the deployment's
 * {@code user_config} changes, without restarting the replica. The config (a YAML/JSON value
 * or a Java object) is converted to {@code C} with Jackson, so {@code C} may be a record, a
 * {@code Map} or a {@code JsonNode}.
 */
public interface Reconfigurable<C> {
    void reconfigure(C userConfig) throws Exception;
}
