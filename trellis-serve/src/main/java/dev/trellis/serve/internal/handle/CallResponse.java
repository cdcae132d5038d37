package dev.trellis.serve.internal.handle;

import dev.trellis.serve.DeploymentResponse;
import dev.trellis.serve.RequestCancelledException;
import dev.trellis.serve.RequestTimeoutException;
import dev.trellis.serve.ServeException;
import dev.trellis.serve.internal.router.PendingCall;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** {@link DeploymentResponse} over one {@link PendingCall}. */
final class CallResponse<R> implements DeploymentResponse<R> {
    private final PendingCall call;
    private final String description;

    CallResponse(PendingCall call, String description) {
        this.call = call;
        this.description = description;
    }

    PendingCall call() {
        return call;
    }

    @SuppressWarnings("unchecked")
    CompletableFuture<R> future() {
        return (CompletableFuture<R>) call.future();
    }

    @Override
    public R result() {
        try {
            return future().join();
        } catch (CompletionException e) {
            throw rethrow(e.getCause());
        }
    }

    @Override
    public R result(Duration timeout) {
        try {
            return future().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        } catch (TimeoutException e) {
            throw new RequestTimeoutException("no result from " + description + " within " + timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RequestCancelledException("interrupted while waiting for " + description);
        }
    }

    @Override
    public CompletionStage<R> toCompletionStage() {
        return future().minimalCompletionStage();
    }

    @Override
    public boolean cancel() {
        boolean cancelled = call.future().completeExceptionally(
                new RequestCancelledException("call to " + description + " was cancelled"));
        if (cancelled && call.router() != null) {
            call.router().cancel(call);
        }
        return cancelled;
    }

    @Override
    public boolean isDone() {
        return call.future().isDone();
    }

    private static RuntimeException rethrow(Throwable cause) {
        if (cause instanceof RuntimeException r) {
            return r;
        }
        if (cause instanceof Error e) {
            throw e;
        }
        return new ServeException("call failed: " + cause, cause);
    }

    @Override
    public String toString() {
        return "DeploymentResponse(" + description + (isDone() ? ", done)" : ")");
    }
}
