package dev.trellis.core.internal.runtime;

import dev.trellis.core.GetTimeoutException;
import dev.trellis.core.ObjectRef;
import dev.trellis.core.PlacementGroup;
import dev.trellis.core.PlacementStrategy;
import dev.trellis.core.Resources;
import dev.trellis.core.internal.runtime.CoreMessages.GroupSpec;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@link PlacementGroup} user code holds: the group's identity and bundles, and the node's
 * {@link PlacementGroups} it was made or received on, which answers {@link #ready()}. Immutable;
 * equal to every handle of the same group. Crosses nodes only as a top-level call argument
 * ({@link Wire#args}); nested in another value it refuses to be encoded, naming what to do.
 */
@com.fasterxml.jackson.databind.annotation.JsonSerialize(using = PlacementGroupHandle.Refused.class)
final class PlacementGroupHandle implements PlacementGroup {
    final GroupSpec spec;
    private final PlacementGroups node;

    PlacementGroupHandle(GroupSpec spec, PlacementGroups node) {
        this.spec = new GroupSpec(spec.id(), spec.owner(), spec.name(), spec.strategy(), List.copyOf(spec.bundles()));
        this.node = Objects.requireNonNull(node, "node");
    }

    @Override
    public String id() {
        return spec.id();
    }

    @Override
    public String creatorNode() {
        return spec.owner();
    }

    @Override
    public List<Resources> bundles() {
        return spec.bundles();
    }

    @Override
    public PlacementStrategy strategy() {
        return spec.strategy();
    }

    @Override
    public Optional<String> name() {
        return Optional.ofNullable(spec.name());
    }

    @Override
    public ObjectRef<Boolean> ready() {
        return node.ready(this);
    }

    @Override
    public boolean await(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        try {
            return ready().get(timeout);
        } catch (GetTimeoutException e) {
            return false;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PlacementGroup other && other.id().equals(spec.id());
    }

    @Override
    public int hashCode() {
        return spec.id().hashCode();
    }

    @Override
    public String toString() {
        return "PlacementGroup(" + spec.id() + (spec.name() == null ? "" : " '" + spec.name() + "'") + ", "
                + spec.strategy() + ", " + spec.bundles() + ")";
    }

    /** Encoding a handle nested in a value fails: its node would not know another node uses the group. */
    static final class Refused extends com.fasterxml.jackson.databind.JsonSerializer<PlacementGroupHandle> {
        @Override
        public void serialize(PlacementGroupHandle value, com.fasterxml.jackson.core.JsonGenerator gen,
                              com.fasterxml.jackson.databind.SerializerProvider provider) throws java.io.IOException {
            throw com.fasterxml.jackson.databind.JsonMappingException.from(gen, "a PlacementGroup (" + value
                    + ") nested inside another object cannot be encoded (to cross nodes or spill): pass placement"
                    + " groups as top-level arguments of the task or call");
        }
    }
}
