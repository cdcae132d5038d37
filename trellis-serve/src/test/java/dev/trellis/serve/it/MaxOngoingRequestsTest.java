package dev.trellis.serve.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.serve.DeploymentHandle;
import dev.trellis.serve.DeploymentResponse;
import dev.trellis.serve.Serve;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MaxOngoingRequestsTest extends ServeIntegrationTest {
    /** Every replica instance registers its peak concurrency here. */
    static final ConcurrentLinkedQueue<Counted> INSTANCES = new ConcurrentLinkedQueue<>();

    public static final class Counted {
        private final AtomicInteger now = new AtomicInteger();
        private final AtomicInteger peak = new AtomicInteger();
        private final AtomicInteger served = new AtomicInteger();

        public Counted() {
            INSTANCES.add(this);
        }

        public int work(int x) throws InterruptedException {
            int current = now.incrementAndGet();
            peak.accumulateAndGet(current, Math::max);
            try {
                Thread.sleep(2);
                served.incrementAndGet();
                return x * 2;
            } finally {
                now.decrementAndGet();
            }
        }
    }

    @Test
    void twoHundredConcurrentCallersNeverExceedMaxOngoingRequestsOnAnyReplica() throws Exception {
        DeploymentHandle<Counted> handle = Serve.run(Serve.deployment(Counted.class)
                .options(o -> o.numReplicas(2).maxOngoingRequests(3)).bind(), "limits", null);
        var start = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        try (var callers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 200; i++) {
                int x = i;
                results.add(callers.submit(() -> {
                    start.await();
                    int sum = 0;
                    for (int j = 0; j < 5; j++) {
                        DeploymentResponse<Integer> r = handle.remote(Counted::work, x);
                        sum += r.result(Duration.ofSeconds(60));
                    }
                    return sum;
                }));
            }
            start.countDown();
            for (int i = 0; i < results.size(); i++) {
                assertThat(results.get(i).get()).isEqualTo(i * 2 * 5);
            }
        }
        assertThat(INSTANCES).hasSize(2);
        assertThat(INSTANCES).allSatisfy(c -> assertThat(c.peak.get()).isBetween(1, 3));
        assertThat(INSTANCES.stream().mapToInt(c -> c.served.get()).sum()).isEqualTo(1000);
        assertThat(INSTANCES).allSatisfy(c -> assertThat(c.served.get()).isPositive());
    }
}
