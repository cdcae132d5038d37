package dev.trellis.serve.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.serve.DeploymentHandle;
import dev.trellis.serve.DeploymentStream;
import dev.trellis.serve.Serve;
import dev.trellis.serve.UserCodeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class StreamingTest extends ServeIntegrationTest {
    static final CountDownLatch FIRST_TOKEN_READ = new CountDownLatch(1);
    static final AtomicInteger PRODUCED = new AtomicInteger();
    static final AtomicBoolean PRODUCER_CLOSED = new AtomicBoolean();

    public record Token(int index, String text) {
    }

    public static final class Generator {
        /** Emits one token, then waits until the caller has it: only streaming can pass this. */
        public Stream<Token> generate(String prompt) {
            return Stream.of("first", "second", "third").map(new java.util.function.Function<String, Token>() {
                private int i;

                @Override
                public Token apply(String word) {
                    if (i == 1) {
                        try {
                            if (!FIRST_TOKEN_READ.await(10, TimeUnit.SECONDS)) {
                                throw new IllegalStateException("the first token never reached the caller");
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new IllegalStateException(e);
                        }
                    }
                    return new Token(i++, prompt + ":" + word);
                }
            });
        }

        public Stream<Integer> count(int n) {
            return IntStream.range(0, n).peek(i -> PRODUCED.incrementAndGet()).boxed()
                    .onClose(() -> PRODUCER_CLOSED.set(true));
        }

        public Stream<String> failAfter(int n) {
            return IntStream.rangeClosed(0, n).mapToObj(i -> {
                if (i == n) {
                    throw new IllegalStateException("generation failed at item " + n);
                }
                return "item " + i;
            });
        }
    }

    @Test
    void itemsReachTheCallerWhileTheMethodIsStillProducing() {
        DeploymentHandle<Generator> gen = Serve.run(Serve.deployment(Generator.class).bind(), "gen", null);
        List<Token> tokens = new ArrayList<>();
        try (DeploymentStream<Token> stream = gen.stream(Generator::generate, "p")) {
            tokens.add(stream.next());
            FIRST_TOKEN_READ.countDown();
            stream.forEachRemaining(tokens::add);
        }
        assertThat(tokens).containsExactly(new Token(0, "p:first"), new Token(1, "p:second"), new Token(2, "p:third"));
    }

    @Test
    void aSlowConsumerHoldsTheProducerBack() {
        DeploymentHandle<Generator> gen = Serve.run(Serve.deployment(Generator.class).bind(), "gen", null);
        try (DeploymentStream<Integer> stream = gen.stream(Generator::count, 100_000)) {
            for (int i = 0; i < 5; i++) {
                assertThat(stream.next()).isEqualTo(i);
            }
            // Credit is granted in batches: the producer may run ahead by about two batches, not by 100 000.
            eventually(() -> assertThat(PRODUCED.get()).isGreaterThanOrEqualTo(5));
            assertThat(PRODUCED.get()).isLessThanOrEqualTo(5 + 2 * 16 + 1);
        }
        eventually(() -> assertThat(PRODUCER_CLOSED).isTrue());
    }

    @Test
    void aFailureMidStreamReachesTheCallerAfterTheItemsBeforeIt() {
        DeploymentHandle<Generator> gen = Serve.run(Serve.deployment(Generator.class).bind(), "gen", null);
        DeploymentStream<String> stream = gen.stream(Generator::failAfter, 2);
        assertThat(stream.next()).isEqualTo("item 0");
        assertThat(stream.next()).isEqualTo("item 1");
        assertThatThrownBy(() -> stream.hasNext(Duration.ofSeconds(10)))
                .isInstanceOf(UserCodeException.class)
                .hasMessageContaining("generation failed at item 2");
    }
}
