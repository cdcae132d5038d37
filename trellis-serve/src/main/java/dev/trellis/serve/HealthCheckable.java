package dev.trellis.serve;

/**
 * Implemented by deployment classes with their own health check. Called every
 * {@code health_check_period}; throwing, or not returning within {@code health_check_timeout},
 * marks the replica UNHEALTHY, and the controller replaces it.
 */
public interface HealthCheckable {
    void checkHealth() throws Exception;
}
