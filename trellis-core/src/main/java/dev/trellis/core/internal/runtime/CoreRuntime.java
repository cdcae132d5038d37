package dev.trellis.core.internal.runtime;

import dev.trellis.core.ActorHandle;
import dev.trellis.core.ActorOptions;
import dev.trellis.core.NodeInfo;
import dev.trellis.core.ObjectRef;
import dev.trellis.core.TaskOptions;
import dev.trellis.core.WaitResult;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** What the public {@code Trellis} API asks of this JVM's node. */
public interface CoreRuntime {
    String nodeId();

    <R> ObjectRef<R> submitTask(Serializable fn, Object[] args, TaskOptions options);

    <A> ActorHandle<A> createActor(Serializable constructor, Object[] args, ActorOptions options);

    <T> ObjectRef<T> put(T value);

    <T> WaitResult<T> await(List<ObjectRef<T>> refs, int numReturns, Duration timeout);

    <A> Optional<ActorHandle<A>> getActor(String name, Class<A> type);

    void kill(ActorHandle<?> actor, boolean noRestart);

    List<NodeInfo> nodes();

    dev.trellis.core.PlacementGroup createPlacementGroup(List<dev.trellis.core.Resources> bundles,
                                                         dev.trellis.core.PlacementStrategy strategy, String name);

    void removePlacementGroup(dev.trellis.core.PlacementGroup group);

    Optional<dev.trellis.core.PlacementGroup> getPlacementGroup(String name);

    List<dev.trellis.core.PlacementGroupInfo> placementGroupTable();

    /** This node's metrics, to bind to a Micrometer registry. */
    CoreMetrics metrics();

    void shutdown();
}
