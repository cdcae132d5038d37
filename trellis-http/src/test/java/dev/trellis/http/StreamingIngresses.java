package dev.trellis.http;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Streaming ingress deployments for the loopback tests. */
public final class StreamingIngresses {
    private StreamingIngresses() {
    }

    /** Sends "first", then waits until the test has read it before sending "second": only streaming passes. */
    public static final class WaitsForTheReader {
        static volatile CountDownLatch firstRead = new CountDownLatch(1);

        public StreamingResponse call(Request request) {
            Iterator<String> items = new Iterator<>() {
                private int next;

                @Override
                public boolean hasNext() {
                    return next < 2;
                }

                @Override
                public String next() {
                    if (next == 0) {
                        next++;
                        return "first\n";
                    }
                    if (next++ == 1) {
                        awaitFirstRead();
                        return "second\n";
                    }
                    throw new NoSuchElementException();
                }
            };
            return StreamingResponse.of(items, "text/plain");
        }

        private static void awaitFirstRead() {
            try {
                if (!firstRead.await(20, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the first chunk never reached the client");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    public static final class Events {
        public StreamingResponse call(Request request) {
            return StreamingResponse.events(Stream.of("hello", Map.of("n", 1), "two\nlines"));
        }
    }

    public record Token(int index, String text) {
    }

    /** A plain {@code Stream} result: user objects as JSON lines. */
    public static final class Tokens {
        public Stream<Token> call(Request request) {
            return Stream.of(new Token(0, "a"), new Token(1, "b"));
        }
    }

    public static final class FailsAtOnce {
        public Stream<String> call(Request request) {
            throw new IllegalArgumentException("no prompt given");
        }
    }

    public static final class FailsMidway {
        public Stream<String> call(Request request) {
            return Stream.of("ok ", "boom").map(s -> {
                if (s.equals("boom")) {
                    throw new IllegalStateException("generation failed");
                }
                return s;
            });
        }
    }

    /** Sends one item, then waits until released, recording an interrupt (the call was cancelled). */
    public static final class Endless {
        static final java.util.Set<String> INTERRUPTED = java.util.concurrent.ConcurrentHashMap.newKeySet();
        static final CountDownLatch NEVER = new CountDownLatch(1);

        public Stream<String> call(Request request) {
            return Stream.of("one\n", "two\n").map(item -> {
                if (item.startsWith("two")) {
                    try {
                        NEVER.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        INTERRUPTED.add(request.requestId());
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("cancelled", e);
                    }
                }
                return item;
            });
        }
    }

    public static final class WithStatus {
        public StreamingResponse call(Request request) {
            return StreamingResponse.of(List.of("made").iterator(), "text/plain")
                    .with(201, Map.of("x-stream", List.of("yes")));
        }
    }
}
