package dev.trellis.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.serve.Serve;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * In one JVM (no serializer round trips), a request whose body is bound on a virtual thread has
 * its call run on that same thread when the replica admits it at once, and on a thread of the
 * replica's own when it does not (the replica is full): either way every request is answered,
 * and the replica never runs more than max_ongoing_requests calls.
 */
class InlineIngressCallTest extends HttpServeTest {
    static final ConcurrentLinkedQueue<String> THREADS = new ConcurrentLinkedQueue<>();
    static volatile CountDownLatch release = new CountDownLatch(0);
    static final java.util.concurrent.atomic.AtomicInteger RUNNING = new java.util.concurrent.atomic.AtomicInteger();
    static final java.util.concurrent.atomic.AtomicInteger MOST = new java.util.concurrent.atomic.AtomicInteger();

    public record Point(double x, double y) {
    }

    public static final class Norm {
        public double norm(Point p) throws InterruptedException {
            int now = RUNNING.incrementAndGet();
            MOST.accumulateAndGet(now, Math::max);
            try {
                THREADS.add(Thread.currentThread().getName() + (Thread.currentThread().isVirtual() ? " (virtual)" : ""));
                release.await(10, TimeUnit.SECONDS);
                return Math.hypot(p.x(), p.y());
            } finally {
                RUNNING.decrementAndGet();
            }
        }
    }

    @Override
    boolean serializeMessages() {
        return false;
    }

    @Test
    void aCallAdmittedAtOnceRunsOnTheThreadThatBoundTheBody() {
        THREADS.clear();
        release = new CountDownLatch(0);
        Serve.run(Serve.deployment(Norm.class).bind(), "norm", "/norm");

        HttpResponse<String> response = post("/norm", "{\"x\": 3, \"y\": 4}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("5.0");
        assertThat(THREADS).singleElement().asString().startsWith("trellis-http-call").endsWith("(virtual)");
    }

    @Test
    void callsThatFindTheReplicaFullWaitAndRunOnItsThreads() throws Exception {
        THREADS.clear();
        RUNNING.set(0);
        MOST.set(0);
        release = new CountDownLatch(1);
        Serve.run(Serve.deployment(Norm.class).options(o -> o.maxOngoingRequests(2)).bind(), "norm", "/norm");

        List<CompletableFuture<HttpResponse<String>>> responses = IntStream.range(0, 6)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> post("/norm", "{\"x\": " + i + ", \"y\": 0}")))
                .toList();
        org.awaitility.Awaitility.await().atMost(PATIENCE).until(() -> RUNNING.get() == 2);
        release.countDown();

        for (int i = 0; i < 6; i++) {
            HttpResponse<String> r = responses.get(i).get(20, TimeUnit.SECONDS);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo(i + ".0");
        }
        assertThat(MOST.get()).isEqualTo(2);
        assertThat(THREADS).hasSize(6).allSatisfy(name -> assertThat(name).endsWith("(virtual)"));
    }
}
