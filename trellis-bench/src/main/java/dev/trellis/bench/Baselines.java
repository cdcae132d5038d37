package dev.trellis.bench;

import dev.trellis.core.internal.VirtualThreads;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The floors a handle call is compared with, measured in the same run: the hops a Trellis call
 * must make at least, without routing, bookkeeping or reflection.
 */
final class Baselines {
    private Baselines() {
    }

    /** Hand the work to a fresh virtual thread and wait for it: the replica's execution hop alone. */
    static CallTarget virtualThreadHop() {
        ExecutorService executor = VirtualThreads.perTaskExecutor("baseline");
        return new CallTarget() {
            @Override
            public String name() {
                return "virtual-thread hop";
            }

            @Override
            public int call(int x) {
                return CompletableFuture.supplyAsync(() -> x + 1, executor).join();
            }

            @Override
            public void close() {
                executor.close();
            }
        };
    }

    record Echo(int x, ActorRef<Integer> replyTo) {
    }

    /**
     * Ask a Pekko actor that answers from a virtual thread: the message hops of a Trellis call
     * (caller to replica actor, virtual thread, reply) with nothing else.
     */
    static CallTarget pekkoAskViaVirtualThread() {
        ActorSystem<Echo> system = ActorSystem.create(Behaviors.receiveMessage(echo -> {
            VirtualThreads.start("echo", () -> echo.replyTo().tell(echo.x() + 1));
            return Behaviors.same();
        }), "baseline");
        Duration timeout = Duration.ofSeconds(30);
        return new CallTarget() {
            @Override
            public String name() {
                return "Pekko ask + virtual thread";
            }

            @Override
            public int call(int x) {
                CompletionStage<Integer> reply = AskPattern.ask(system, r -> new Echo(x, r), timeout, system.scheduler());
                return reply.toCompletableFuture().join();
            }

            @Override
            public void close() {
                system.terminate();
                system.getWhenTerminated().toCompletableFuture().join();
            }
        };
    }
}
