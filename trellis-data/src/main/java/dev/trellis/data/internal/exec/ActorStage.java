package dev.trellis.data.internal.exec;

import dev.trellis.core.ActorHandle;
import dev.trellis.core.ObjectRef;
import dev.trellis.core.Trellis;
import dev.trellis.data.internal.plan.Op;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code mapBatches(Class)} stage: a pool of {@link PoolActor}s between {@code minActors} and
 * {@code maxActors} (one more is added while every actor has {@code maxInFlightPerActor} blocks
 * and input waits), each block sent to the least busy actor, results yielded in input order.
 * The actors are killed when the stage closes.
 */
final class ActorStage implements BlockStream {
    private final BlockStream input;
    private final Op.ActorMap spec;
    private final StageStats stats;
    private final List<ActorHandle<PoolActor>> actors = new ArrayList<>();
    private final List<Integer> busy = new ArrayList<>();
    private final ArrayDeque<Call> inFlight = new ArrayDeque<>();
    private final ArrayDeque<BlockRef> ready = new ArrayDeque<>();
    private boolean inputDone;
    private boolean closed;
    private int sent;

    private record Call(ObjectRef<Blocks> result, int actor) {
    }

    ActorStage(BlockStream input, Op.ActorMap spec, StageStats stats) {
        this.input = input;
        this.stats = stats;
        this.spec = spec;
    }

    @Override
    public BlockRef next() {
        while (ready.isEmpty()) {
            fill();
            Call head = inFlight.poll();
            if (head == null) {
                return null;
            }
            busy.set(head.actor(), busy.get(head.actor()) - 1);
            Blocks done = Execution.get(head.result());
            stats.finished(done);
            ready.addAll(done.list());
            fill();
        }
        return ready.poll();
    }

    private void fill() {
        while (!closed && !inputDone) {
            int actor = leastBusy();
            if (actor < 0) {
                return;
            }
            BlockRef block = input.next();
            if (block == null) {
                inputDone = true;
                return;
            }
            String where = "block " + sent++;
            inFlight.add(new Call(actors.get(actor).task(PoolActor::apply, block.ref(), spec.batchSize(), where).remote(),
                    actor));
            busy.set(actor, busy.get(actor) + 1);
            stats.started();
        }
    }

    /** The actor to send the next block to, adding one if all are full and the pool may grow; -1 if none has room. */
    private int leastBusy() {
        while (actors.size() < spec.minActors()) {
            start();
        }
        int best = -1;
        for (int i = 0; i < actors.size(); i++) {
            if (busy.get(i) < spec.maxInFlightPerActor() && (best < 0 || busy.get(i) < busy.get(best))) {
                best = i;
            }
        }
        if (best < 0 && actors.size() < spec.maxActors()) {
            start();
            best = actors.size() - 1;
        }
        return best;
    }

    private void start() {
        actors.add(Trellis.actor(PoolActor::new, spec.className(), spec.constructorArgs())
                .options(o -> o.numCpus(spec.numCpus()).numGpus(spec.numGpus()).maxConcurrency(1)).remote());
        busy.add(0);
    }

    /** Actors started so far (for tests and stats). */
    int actorCount() {
        return actors.size();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        input.close();
        inFlight.clear();
        ready.clear();
        actors.forEach(a -> Trellis.kill(a));
    }
}
