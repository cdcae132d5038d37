package dev.trellis.core.internal.runtime;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

/** A {@link CompletionStage} that forwards every method to {@link #stage()}. */
abstract class DelegatingStage<T> implements CompletionStage<T> {
    /** The stage to forward to. */
    protected abstract CompletableFuture<T> stage();

    @Override
    public <U> CompletionStage<U> thenApply(Function<? super T, ? extends U> a0) {
        return stage().thenApply(a0);
    }

    @Override
    public <U> CompletionStage<U> thenApplyAsync(Function<? super T, ? extends U> a0) {
        return stage().thenApplyAsync(a0);
    }

    @Override
    public <U> CompletionStage<U> thenApplyAsync(Function<? super T, ? extends U> a0, Executor a1) {
        return stage().thenApplyAsync(a0, a1);
    }

    @Override
    public CompletionStage<Void> thenAccept(Consumer<? super T> a0) {
        return stage().thenAccept(a0);
    }

    @Override
    public CompletionStage<Void> thenAcceptAsync(Consumer<? super T> a0) {
        return stage().thenAcceptAsync(a0);
    }

    @Override
    public CompletionStage<Void> thenAcceptAsync(Consumer<? super T> a0, Executor a1) {
        return stage().thenAcceptAsync(a0, a1);
    }

    @Override
    public CompletionStage<Void> thenRun(Runnable a0) {
        return stage().thenRun(a0);
    }

    @Override
    public CompletionStage<Void> thenRunAsync(Runnable a0) {
        return stage().thenRunAsync(a0);
    }

    @Override
    public CompletionStage<Void> thenRunAsync(Runnable a0, Executor a1) {
        return stage().thenRunAsync(a0, a1);
    }

    @Override
    public <U, V> CompletionStage<V> thenCombine(CompletionStage<? extends U> a0, BiFunction<? super T, ? super U, ? extends V> a1) {
        return stage().thenCombine(a0, a1);
    }

    @Override
    public <U, V> CompletionStage<V> thenCombineAsync(CompletionStage<? extends U> a0, BiFunction<? super T, ? super U, ? extends V> a1) {
        return stage().thenCombineAsync(a0, a1);
    }

    @Override
    public <U, V> CompletionStage<V> thenCombineAsync(CompletionStage<? extends U> a0, BiFunction<? super T, ? super U, ? extends V> a1, Executor a2) {
        return stage().thenCombineAsync(a0, a1, a2);
    }

    @Override
    public <U> CompletionStage<Void> thenAcceptBoth(CompletionStage<? extends U> a0, BiConsumer<? super T, ? super U> a1) {
        return stage().thenAcceptBoth(a0, a1);
    }

    @Override
    public <U> CompletionStage<Void> thenAcceptBothAsync(CompletionStage<? extends U> a0, BiConsumer<? super T, ? super U> a1) {
        return stage().thenAcceptBothAsync(a0, a1);
    }

    @Override
    public <U> CompletionStage<Void> thenAcceptBothAsync(CompletionStage<? extends U> a0, BiConsumer<? super T, ? super U> a1, Executor a2) {
        return stage().thenAcceptBothAsync(a0, a1, a2);
    }

    @Override
    public CompletionStage<Void> runAfterBoth(CompletionStage<?> a0, Runnable a1) {
        return stage().runAfterBoth(a0, a1);
    }

    @Override
    public CompletionStage<Void> runAfterBothAsync(CompletionStage<?> a0, Runnable a1) {
        return stage().runAfterBothAsync(a0, a1);
    }

    @Override
    public CompletionStage<Void> runAfterBothAsync(CompletionStage<?> a0, Runnable a1, Executor a2) {
        return stage().runAfterBothAsync(a0, a1, a2);
    }

    @Override
    public <U> CompletionStage<U> applyToEither(CompletionStage<? extends T> a0, Function<? super T, U> a1) {
        return stage().applyToEither(a0, a1);
    }

    @Override
    public <U> CompletionStage<U> applyToEitherAsync(CompletionStage<? extends T> a0, Function<? super T, U> a1) {
        return stage().applyToEitherAsync(a0, a1);
    }

    @Override
    public <U> CompletionStage<U> applyToEitherAsync(CompletionStage<? extends T> a0, Function<? super T, U> a1, Executor a2) {
        return stage().applyToEitherAsync(a0, a1, a2);
    }

    @Override
    public CompletionStage<Void> acceptEither(CompletionStage<? extends T> a0, Consumer<? super T> a1) {
        return stage().acceptEither(a0, a1);
    }

    @Override
    public CompletionStage<Void> acceptEitherAsync(CompletionStage<? extends T> a0, Consumer<? super T> a1) {
        return stage().acceptEitherAsync(a0, a1);
    }

    @Override
    public CompletionStage<Void> acceptEitherAsync(CompletionStage<? extends T> a0, Consumer<? super T> a1, Executor a2) {
        return stage().acceptEitherAsync(a0, a1, a2);
    }

    @Override
    public CompletionStage<Void> runAfterEither(CompletionStage<?> a0, Runnable a1) {
        return stage().runAfterEither(a0, a1);
    }

    @Override
    public CompletionStage<Void> runAfterEitherAsync(CompletionStage<?> a0, Runnable a1) {
        return stage().runAfterEitherAsync(a0, a1);
    }

    @Override
    public CompletionStage<Void> runAfterEitherAsync(CompletionStage<?> a0, Runnable a1, Executor a2) {
        return stage().runAfterEitherAsync(a0, a1, a2);
    }

    @Override
    public <U> CompletionStage<U> thenCompose(Function<? super T, ? extends CompletionStage<U>> a0) {
        return stage().thenCompose(a0);
    }

    @Override
    public <U> CompletionStage<U> thenComposeAsync(Function<? super T, ? extends CompletionStage<U>> a0) {
        return stage().thenComposeAsync(a0);
    }

    @Override
    public <U> CompletionStage<U> thenComposeAsync(Function<? super T, ? extends CompletionStage<U>> a0, Executor a1) {
        return stage().thenComposeAsync(a0, a1);
    }

    @Override
    public <U> CompletionStage<U> handle(BiFunction<? super T, Throwable, ? extends U> a0) {
        return stage().handle(a0);
    }

    @Override
    public <U> CompletionStage<U> handleAsync(BiFunction<? super T, Throwable, ? extends U> a0) {
        return stage().handleAsync(a0);
    }

    @Override
    public <U> CompletionStage<U> handleAsync(BiFunction<? super T, Throwable, ? extends U> a0, Executor a1) {
        return stage().handleAsync(a0, a1);
    }

    @Override
    public CompletionStage<T> whenComplete(BiConsumer<? super T, ? super Throwable> a0) {
        return stage().whenComplete(a0);
    }

    @Override
    public CompletionStage<T> whenCompleteAsync(BiConsumer<? super T, ? super Throwable> a0) {
        return stage().whenCompleteAsync(a0);
    }

    @Override
    public CompletionStage<T> whenCompleteAsync(BiConsumer<? super T, ? super Throwable> a0, Executor a1) {
        return stage().whenCompleteAsync(a0, a1);
    }

    @Override
    public CompletionStage<T> exceptionally(Function<Throwable, ? extends T> a0) {
        return stage().exceptionally(a0);
    }

    @Override
    public CompletableFuture<T> toCompletableFuture() {
        return stage().copy();
    }

}
