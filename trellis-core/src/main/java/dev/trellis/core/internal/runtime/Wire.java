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
        return bytes(value, null);
    }

    /** {@code value}'s bytes, refs and handles inside it written through {@code nested} (null: refused). */
    static byte[] bytes(Object value, ObjectCodec.Nested nested) {
        var out = new ByteArrayOutputStream();
        try {
            ObjectCodec.write(value, Channels.newChannel(out), nested);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("a " + (value == null ? "null" : value.getClass().getName())
                    + " cannot be encoded to cross nodes: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    static Object value(byte[] bytes) {
        return value(bytes, null);
    }

    /** Decodes {@code bytes}, refs and handles inside read through {@code nested} (null: refused). */
    static Object value(byte[] bytes, ObjectCodec.Nested nested) {
        try {
            return ObjectCodec.read(Channels.newChannel(new ByteArrayInputStream(bytes)),
                    Thread.currentThread().getContextClassLoader() == null ? Wire.class.getClassLoader()
                            : Thread.currentThread().getContextClassLoader(), RemoteCode::allowed, nested);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot decode a value from another node: " + e.getMessage(), e);
        }
    }

    /**
     * A call's arguments for another node: refs by id and owner, handles by id, values as bytes
     * (refs and handles inside them through {@code out}, which also holds the top-level refs; null
     * refuses nested ones).
     */
    static List<TaskArg> args(Object[] args, Borrowing.Outbound out) {
        var encoded = new ArrayList<TaskArg>(args.length);
        for (int i = 0; i < args.length; i++) {
            if (args[i] instanceof TrackedObjectRef<?> r) {
                if (out != null) {
                    out.hold(r);
                }
                encoded.add(TaskArg.ref(r.id(), r.owned.owner));
            } else if (args[i] instanceof dev.trellis.core.ActorHandle<?> h) {
                encoded.add(actorArg(h));
            } else if (args[i] instanceof dev.trellis.core.PlacementGroup g) {
                encoded.add(TaskArg.group(new CoreMessages.GroupSpec(g.id(), g.creatorNode(), g.name().orElse(null),
                        g.strategy(), List.copyOf(g.bundles()))));
            } else {
                try {
                    encoded.add(TaskArg.value(bytes(args[i], out)));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("argument " + i + ": " + e.getMessage(), e);
                }
            }
        }
        return encoded;
    }

    /** An actor handle as its id, owner and class. */
    static TaskArg actorArg(dev.trellis.core.ActorHandle<?> handle) {
        return switch (handle) {
            case LocalActorHandle<?> h -> TaskArg.actor(h.actorId(), h.ownerNode(), h.className());
            case RemoteActorHandle<?> h -> TaskArg.actor(h.actorId(), h.route.owner, h.route.className);
            default -> throw new IllegalArgumentException("not an actor handle of a Trellis node: " + handle);
        };
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
