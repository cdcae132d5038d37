package dev.trellis.serve;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a class as a deployment and gives its defaults, the counterpart of Ray's
 * {@code @serve.deployment(...)}. Every value can be overridden in code with
 * {@link DeploymentDefinition#options} and in a config file with the snake_case key named in
 * each element's comment. Negative values mean "use Trellis's default".
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Deployment {
    /** {@code name}; defaults to the class's simple name. */
    String name() default "";

    /** {@code num_replicas}; default 1. */
    int numReplicas() default -1;

    /** {@code max_ongoing_requests}; default 5. */
    int maxOngoingRequests() default -1;

    /** {@code max_queued_requests}; default unlimited (-1). */
    int maxQueuedRequests() default -1;

    /** {@code ray_actor_options.num_cpus} per replica; default 0 (see {@link DeploymentConfig}). */
    double numCpus() default -1;

    /** {@code ray_actor_options.num_gpus} per replica (fractions allowed); default 0. */
    double numGpus() default -1;

    /** {@code health_check_period_s}, in milliseconds here; default 10 s. */
    long healthCheckPeriodMillis() default -1;

    /** {@code health_check_timeout_s}, in milliseconds here; default 30 s. */
    long healthCheckTimeoutMillis() default -1;

    /** {@code graceful_shutdown_wait_loop_s}, in milliseconds here; default 2 s. */
    long gracefulShutdownWaitLoopMillis() default -1;

    /** {@code graceful_shutdown_timeout_s}, in milliseconds here; default 20 s. */
    long gracefulShutdownTimeoutMillis() default -1;

    /** {@code rolling_update_share}: share of the replicas a code update replaces at a time, in (0, 1]; default 0.2. */
    double rollingUpdateShare() default -1;
}
