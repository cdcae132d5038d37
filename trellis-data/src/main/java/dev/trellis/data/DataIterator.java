package dev.trellis.data;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.trellis.core.ActorHandle;
import dev.trellis.data.internal.exec.Execution;
import dev.trellis.data.internal.exec.Rebatch;
import dev.trellis.data.internal.exec.SplitCoordinator;

/**
 * One consumer's share of a {@link Dataset#streamingSplit} (Ray's {@code DataIterator}): a small
 * value that can be handed to a task or an actor on another node (a Train worker), whose
 * {@link #iterBatches} pulls blocks from the shared execution as it goes. Each call of
 * {@code iterBatches} is one epoch; epoch {@code k + 1} starts once every consumer has finished
 * epoch {@code k}.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public final class DataIterator {
    private final ActorHandle<SplitCoordinator> coordinator;
    private final int index;
    private int epoch;

    @JsonCreator
    DataIterator(@JsonProperty("coordinator") ActorHandle<SplitCoordinator> coordinator,
                 @JsonProperty("index") int index, @JsonProperty("epoch") int epoch) {
        this.coordinator = coordinator;
        this.index = index;
        this.epoch = epoch;
    }

    /** Which of the split's consumers this is. */
    public int index() {
        return index;
    }

    /** This consumer's next epoch, in batches of {@code batchSize} rows (0: blocks as they come). */
    public Iterable<Batch> iterBatches(int batchSize) {
        if (batchSize < 0) {
            throw new IllegalArgumentException("batchSize must be 0 (blocks as they come) or more, was " + batchSize);
        }
        int wanted = epoch++;
        return () -> new Rebatch(() -> nextBlock(wanted), batchSize);
    }

    /** This consumer's next epoch, row by row. */
    public Iterable<Row> iterRows() {
        Iterable<Batch> batches = iterBatches(0);
        return () -> Rebatch.rows(batches.iterator());
    }

    /** The next block of epoch {@code wanted} from the coordinator, waiting while the others finish the one before; null at its end. */
    private Batch nextBlock(int wanted) {
        while (true) {
            SplitCoordinator.Next n = Execution.get(coordinator.task(SplitCoordinator::next, index, wanted).remote());
            if (n.end()) {
                return null;
            }
            if (!n.retry()) {
                return Execution.get(n.block().ref());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DataException("interrupted waiting for the other consumers of a streaming split");
            }
        }
    }
}
