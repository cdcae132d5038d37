package dev.trellis.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * Closed-loop HTTP load from this JVM, in place of wrk where the servers are cluster nodes: each
 * of N keep-alive connections ({@link KeepAliveConnection}) has a platform thread of its own
 * that sends the next request as soon as the last answer is read, and times each one. Every
 * answer is checked; a wrong one counts as an error, and a connection that fails is opened
 * again (a failure to reopen ends the phase with the exception).
 */
final class HttpLoad {
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    /** A proxy under load: the request sent over and over, and what a right answer is. */
    record Target(String label, int port, byte[] request, Predicate<KeepAliveConnection.Response> check) {
    }

    /**
     * What one target did over one or more phases at one connection count, added up: every
     * latency, the requests, the errors and the seconds measured.
     */
    static final class Totals {
        private final int connections;
        private final LatencyRecorder latencies = new LatencyRecorder(1 << 16);
        private long requests;
        private long errors;
        private double seconds;

        Totals(int connections) {
            this.connections = connections;
        }

        void add(Totals phase) {
            latencies.addAll(phase.latencies);
            requests += phase.requests;
            errors += phase.errors;
            seconds += phase.seconds;
        }

        long requests() {
            return requests;
        }

        /** As a wrk run's figures: requests per second over the summed time, p50 and p99 over every request. */
        WrkResult result() {
            if (requests == 0) {
                throw new IllegalStateException("no request completed at " + connections + " connection(s)");
            }
            return new WrkResult(connections, connections, seconds, requests, requests / seconds,
                    latencies.percentileMicros(50) / 1000.0, latencies.percentileMicros(99) / 1000.0, errors);
        }
    }

    private HttpLoad() {
    }

    /** {@code connections} connections send requests to {@code target} for {@code phase}, all started together. */
    static Totals run(Target target, int connections, Duration phase) throws IOException, InterruptedException {
        List<KeepAliveConnection> open = new ArrayList<>();
        try {
            for (int i = 0; i < connections; i++) {
                open.add(KeepAliveConnection.open(target.port(), READ_TIMEOUT));
            }
            var start = new CountDownLatch(1);
            var stop = new AtomicBoolean();
            List<Totals> perConnection = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            IOException[] failure = new IOException[1];
            for (int i = 0; i < connections; i++) {
                Totals mine = new Totals(1);
                perConnection.add(mine);
                int index = i;
                threads.add(Thread.ofPlatform().name("load-" + target.label() + "-" + i).start(() -> {
                    try {
                        start.await();
                        KeepAliveConnection c = open.get(index);
                        while (!stop.get()) {
                            long t0 = System.nanoTime();
                            boolean ok;
                            try {
                                ok = target.check().test(c.exchange(target.request()));
                            } catch (IOException e) {
                                ok = false;
                            }
                            mine.latencies.record(System.nanoTime() - t0);
                            mine.requests++;
                            if (!ok) {
                                mine.errors++;
                            }
                            if (!c.isOpen()) {
                                c.close();
                                c = KeepAliveConnection.open(target.port(), READ_TIMEOUT);
                                synchronized (open) {
                                    open.set(index, c);
                                }
                            }
                        }
                    } catch (IOException e) {
                        synchronized (failure) {
                            failure[0] = e;
                        }
                        stop.set(true);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }));
            }
            long t0 = System.nanoTime();
            start.countDown();
            Thread.sleep(phase);
            stop.set(true);
            for (Thread t : threads) {
                t.join(READ_TIMEOUT.toMillis() + 5000);
                if (t.isAlive()) {
                    throw new IllegalStateException(t.getName() + " is still waiting for an answer from "
                            + target.label() + " after " + READ_TIMEOUT.toSeconds() + " s");
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            synchronized (failure) {
                if (failure[0] != null) {
                    throw new IOException("cannot reconnect to " + target.label() + " on port " + target.port(),
                            failure[0]);
                }
            }
            Totals total = new Totals(connections);
            perConnection.forEach(total::add);
            total.seconds = seconds;
            return total;
        } finally {
            synchronized (open) {
                open.forEach(KeepAliveConnection::close);
            }
        }
    }
}
