package dev.trellis.serve.internal.handle;

import dev.trellis.serve.RequestCancelledException;
import dev.trellis.serve.internal.router.PendingCall;
import dev.trellis.serve.internal.router.StreamSink;
import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A streaming call as a {@link Flow.Publisher} for one subscriber. The call is submitted on the
 * subscriber's first {@code request(n)} with n as the replica's initial credit; later requests
 * grant more credit. Items arrive on the agent thread (subscribers must not block there), the
 * header first when the result has one.
 */
final class CallPublisher implements Flow.Publisher<Object> {
    private final CallFactory newCall;
    private final Consumer<PendingCall> submit;
    private final AtomicBoolean subscribed = new AtomicBoolean();

    CallPublisher(CallFactory newCall, Consumer<PendingCall> submit) {
        this.newCall = newCall;
        this.submit = submit;
    }

    /** Builds the call for a subscriber, given its sink and the initial credit. */
    interface CallFactory {
        PendingCall create(StreamSink sink, int initialCredit);
    }

    @Override
    public void subscribe(Flow.Subscriber<? super Object> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber");
        if (!subscribed.compareAndSet(false, true)) {
            subscriber.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                }

                @Override
                public void cancel() {
                }
            });
            subscriber.onError(new IllegalStateException("a streaming call can be subscribed to once"));
            return;
        }
        subscriber.onSubscribe(new Subscription(subscriber));
    }

    private final class Subscription implements Flow.Subscription, StreamSink {
        private final Flow.Subscriber<? super Object> subscriber;
        private volatile PendingCall call;

        Subscription(Flow.Subscriber<? super Object> subscriber) {
            this.subscriber = subscriber;
        }

        @Override
        public synchronized void request(long n) {
            if (n <= 0) {
                subscriber.onError(new IllegalArgumentException("request(n) needs n > 0, was " + n));
                cancel();
                return;
            }
            int items = (int) Math.min(n, Integer.MAX_VALUE / 2);
            if (call == null) {
                call = newCall.create(this, items);
                call.future().whenComplete((ignored, failure) -> {
                    if (failure == null) {
                        subscriber.onComplete();
                    } else {
                        subscriber.onError(failure);
                    }
                });
                submit.accept(call);
            } else if (call.router() != null) {
                call.router().credit(call, items);
            }
        }

        @Override
        public void cancel() {
            PendingCall c = call;
            if (c != null && c.future().completeExceptionally(new RequestCancelledException("stream cancelled"))
                    && c.router() != null) {
                c.router().cancel(c);
            }
        }

        @Override
        public void onHeader(Object header) {
            subscriber.onNext(header);
        }

        @Override
        public void onItem(Object item) {
            subscriber.onNext(item);
        }
    }
}
