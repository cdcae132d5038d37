package dev.trellis.serve;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * The future result of one handle call, returned at once by {@link DeploymentHandle#remote}.
 * It can be waited on ({@link #result()} is cheap on virtual threads), composed as a
 * {@link CompletionStage}, cancelled, or passed as an argument to another handle call, in which
 * case Trellis waits for it before dispatching that call, without blocking the caller.
 *
 * <p>Failures are typed: {@link UserCodeException} (the deployment threw),
 * {@link BackPressureException}, {@link ReplicaDiedException}, {@link RequestCancelledException},
 * {@link DeploymentUnavailableException}.
 */
public interface DeploymentResponse<R> {

    /** Waits for the result; rethrows the call's failure as its typed exception. */
    R result();

    /**
     * Waits at most {@code timeout}; throws {@link RequestTimeoutException} when it passes
     * (the call itself goes on; {@link #cancel()} it if its result is no longer wanted).
     */
    R result(Duration timeout);

    /** A stage completing with the result or the typed failure; completing it has no effect on the call. */
    CompletionStage<R> toCompletionStage();

    /**
     * Cancels the call: a queued call is dropped, a running one is interrupted on its replica.
     * Returns false if the call had already finished.
     */
    boolean cancel();

    boolean isDone();
}
