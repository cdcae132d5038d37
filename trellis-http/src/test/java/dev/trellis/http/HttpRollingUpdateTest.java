package dev.trellis.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.serve.Serve;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A rolling code update of an HTTP ingress under steady load through the proxy: every request
 * gets a 200 from the old or the new version, none an error, and the answers move to the new one.
 */
class HttpRollingUpdateTest extends HttpServeTest {
    private static final int REPLICAS = 4;
    private static final int CLIENTS = 4;
    private static final int MAX_REQUESTS_PER_CLIENT = 3_000;
    private static final int REQUESTS_AFTER = 10;

    /** Says which version answers; starts slowly, like a replica loading a model. */
    public static final class Versioned {
        private final String version;

        public Versioned(String version) throws InterruptedException {
            Thread.sleep(150);
            this.version = version;
        }

        public String call(Request request) throws InterruptedException {
            Thread.sleep(3);
            return version;
        }
    }

    private static void run(String version) {
        Serve.run(Serve.deployment(Versioned.class)
                .options(o -> o.numReplicas(REPLICAS).rollingUpdateShare(0.5)
                        .gracefulShutdownWaitLoop(Duration.ofMillis(50)))
                .bind(version), "versioned", "/versioned");
    }

    record Answer(int status, String body, boolean rolling, boolean after) {
    }

    @Test
    void everyRequestDuringARollGetsA200() throws Exception {
        run("v1");
        var rolling = new AtomicBoolean();
        var done = new AtomicBoolean();
        var answers = new ConcurrentLinkedQueue<Answer>();
        var sent = new AtomicInteger();
        List<Future<?>> clients = new ArrayList<>();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < CLIENTS; c++) {
                clients.add(threads.submit(() -> {
                    int after = 0;
                    for (int i = 0; i < MAX_REQUESTS_PER_CLIENT && after < REQUESTS_AFTER; i++) {
                        boolean duringRoll = rolling.get();
                        boolean afterRoll = done.get();
                        HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("/versioned/" + i))
                                .timeout(Duration.ofSeconds(30)).GET().build());
                        answers.add(new Answer(response.statusCode(), response.body(), duringRoll && !afterRoll, afterRoll));
                        sent.incrementAndGet();
                        if (afterRoll) {
                            after++;
                        }
                    }
                    return null;
                }));
            }
            eventually().until(() -> sent.get() >= CLIENTS * 10);

            rolling.set(true);
            run("v2");
            done.set(true);

            for (Future<?> client : clients) {
                client.get(60, TimeUnit.SECONDS);
            }
        }

        assertThat(answers).filteredOn(a -> a.status() != 200).as("non-200 answers").isEmpty();
        assertThat(answers).extracting(Answer::body).containsOnly("v1", "v2");
        assertThat(answers).filteredOn(Answer::rolling).extracting(Answer::body)
                .as("answers while the roll was under way").contains("v1", "v2");
        assertThat(answers).filteredOn(Answer::after).extracting(Answer::body)
                .hasSizeGreaterThanOrEqualTo(CLIENTS * REQUESTS_AFTER).containsOnly("v2");
    }
}
