package dev.trellis.core.internal.runtime;

import dev.trellis.core.ActorDiedException;
import dev.trellis.core.GetTimeoutException;
import dev.trellis.core.NodeDiedException;
import dev.trellis.core.ObjectLostException;
import dev.trellis.core.TaskFailedException;
import dev.trellis.core.TrellisException;
import dev.trellis.core.UnschedulableException;
import dev.trellis.core.internal.runtime.CoreMessages.RemoteError;
import dev.trellis.core.internal.runtime.CoreMessages.TaskArg;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.List;

/** Values, arguments and errors as they cross nodes: {@link ObjectCodec} bytes and error text. */
final class Wire {
    private Wire() {
    }

    static byte[] bytes(Object value) {
        var out = new ByteArrayOutputStream();
        try {
            ObjectCodec.write(value, Channels.newChannel(out));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("a " + (value == null ? "null" : value.getClass().getName())
                    + " cannot be encoded to cross nodes: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    static Object value(byte[] bytes) {
        try {
            return ObjectCodec.read(Channels.newChannel(new ByteArrayInputStream(bytes)),
                    Thread.currentThread().getContextClassLoader() == null ? Wire.class.getClassLoader()
                            : Thread.currentThread().getContextClassLoader(), RemoteCode::allowed);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot decode a value from another node: " + e.getMessage(), e);
        }
    }

    /** A call's arguments for another node: refs by id and owner, handles by id, values as bytes. */
    static List<TaskArg> args(Object[] args) {
        var out = new ArrayList<TaskArg>(args.length);
        for (int i = 0; i < args.length; i++) {
            if (args[i] instanceof TrackedObjectRef<?> r) {
                out.add(TaskArg.ref(r.id(), r.owned.owner));
            } else if (args[i] instanceof LocalActorHandle<?> h) {
                out.add(TaskArg.actor(h.actorId(), h.ownerNode(), h.className()));
            } else if (args[i] instanceof RemoteActorHandle<?> h) {
                out.add(TaskArg.actor(h.actorId(), h.route.owner, h.route.className));
            } else if (args[i] instanceof dev.trellis.core.PlacementGroup g) {
                out.add(TaskArg.group(new CoreMessages.GroupSpec(g.id(), g.creatorNode(), g.name().orElse(null),
                        g.strategy(), List.copyOf(g.bundles()))));
            } else {
                try {
                    out.add(TaskArg.value(bytes(args[i])));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("argument " + i + ": " + e.getMessage(), e);
                }
            }
        }
        return out;
    }

    static RemoteError error(TrellisException e) {
        return switch (e) {
            case TaskFailedException f -> new RemoteError("TaskFailedException", null, f.taskName(), f.remoteType(),
                    f.remoteMessage(), f.remoteStackTrace());
            case ActorDiedException a -> new RemoteError("ActorDiedException", a.actorId(), null, null, a.getMessage(), null);
            case ObjectLostException o -> new RemoteError("ObjectLostException", o.objectId(), null, null, o.getMessage(),
                    null);
            case NodeDiedException n -> new RemoteError("NodeDiedException", n.nodeId(), null, null, n.getMessage(), null);
            case UnschedulableException u -> new RemoteError("UnschedulableException", null, null, null, u.getMessage(),
                    null);
            default -> new RemoteError("TrellisException", null, null, e.getClass().getName(), e.getMessage(), null);
        };
    }

    static TrellisException error(RemoteError e) {
        return switch (e.kind()) {
            case "TaskFailedException" -> new TaskFailedException(e.taskName(), e.type(), e.message(), e.stack());
            case "ActorDiedException" -> new ActorDiedException(e.id(), e.message());
            case "ObjectLostException" -> new ObjectLostException(e.id(), e.message());
            case "NodeDiedException" -> new NodeDiedException(e.id(), e.message());
            case "UnschedulableException" -> new UnschedulableException(e.message());
            case "GetTimeoutException" -> new GetTimeoutException(e.message());
            default -> new TrellisException(e.message());
        };
    }
}
