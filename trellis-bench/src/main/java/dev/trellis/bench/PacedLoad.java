package dev.trellis.bench;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * Light, steady HTTP load at a fixed rate (open loop: the next request is sent on time even while
 * earlier ones wait), each request on a virtual thread of its own over an idle keep-alive
 * connection (a new one when none is idle), each outcome recorded with its send and answer times
 * ({@link FailoverTimeline.Outcome}). A request that gets no answer within the read timeout
 * counts as {@link FailoverTimeline#TIMEOUT}.
 */
final class PacedLoad implements AutoCloseable {
    private final int port;
    private final byte[] request;
    private final Duration interval;
    private final Duration readTimeout;
    private final ConcurrentLinkedQueue<KeepAliveConnection> idle = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<FailoverTimeline.Outcome> outcomes = new ConcurrentLinkedQueue<>();
    private final ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final Thread pacer;

    private PacedLoad(int port, byte[] request, Duration interval, Duration readTimeout) {
        this.port = port;
        this.request = request;
        this.interval = interval;
        this.readTimeout = readTimeout;
        this.pacer = Thread.ofPlatform().daemon().name("paced-load").unstarted(this::pace);
    }

    /** Starts sending {@code request} to 127.0.0.1:{@code port} every {@code interval}. */
    static PacedLoad start(int port, byte[] request, Duration interval, Duration readTimeout) {
        PacedLoad load = new PacedLoad(port, request, interval, readTimeout);
        load.pacer.start();
        return load;
    }

    private void pace() {
        long next = System.nanoTime();
        while (!stop.get()) {
            requests.submit(this::send);
            next += interval.toNanos();
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
        }
    }

    private void send() {
        long sent = System.nanoTime();
        KeepAliveConnection c = idle.poll();
        int status;
        String body = null;
        try {
            if (c == null) {
                c = KeepAliveConnection.open(port, readTimeout);
            }
            var answer = c.exchange(request);
            status = answer.status();
            body = answer.body();
        } catch (SocketTimeoutException e) {
            status = FailoverTimeline.TIMEOUT;
        } catch (IOException | RuntimeException e) {
            status = FailoverTimeline.CONNECTION_ERROR;
        }
        outcomes.add(new FailoverTimeline.Outcome(sent, System.nanoTime(), status, body));
        if (c != null) {
            if (c.isOpen() && status > 0) {
                idle.add(c);
            } else {
                c.close();
            }
        }
    }

    /** The outcomes so far (more come while requests are in flight). */
    List<FailoverTimeline.Outcome> outcomes() {
        return new ArrayList<>(outcomes);
    }

    /** True once some request was answered 200 with a body that {@code body} accepts. */
    boolean answered(Predicate<String> body) {
        return outcomes.stream().anyMatch(o -> o.ok() && o.body() != null && body.test(o.body()));
    }

    /** Stops sending and waits (at most the read timeout and 5 s) for the requests in flight. */
    @Override
    public void close() throws InterruptedException {
        stop.set(true);
        pacer.join(5000);
        requests.shutdown();
        if (!requests.awaitTermination(readTimeout.toMillis() + 5000, TimeUnit.MILLISECONDS)) {
            requests.shutdownNow();
        }
        KeepAliveConnection c;
        while ((c = idle.poll()) != null) {
            c.close();
        }
    }
}
