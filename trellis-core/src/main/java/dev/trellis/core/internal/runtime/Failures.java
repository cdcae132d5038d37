package dev.trellis.core.internal.runtime;

import dev.trellis.core.ActorDiedException;
import dev.trellis.core.GetTimeoutException;
import dev.trellis.core.NodeDiedException;
import dev.trellis.core.ObjectLostException;
import dev.trellis.core.TaskFailedException;
import dev.trellis.core.TrellisException;
import dev.trellis.core.UnschedulableException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Turns what a task threw into the typed errors callers see, as text only (never a live exception across nodes). */
final class Failures {
    private Failures() {
    }

    /** The error a caller of {@code taskName} gets when it threw {@code thrown}. */
    static TrellisException taskFailed(String taskName, Throwable thrown) {
        Throwable t = unwrap(thrown);
        if (t instanceof TaskFailedException || t instanceof ActorDiedException || t instanceof ObjectLostException || t instanceof NodeDiedException
                || t instanceof UnschedulableException) {
            // A failure of something the task waited on (an argument, a nested get): the caller gets that error.
            return copy((TrellisException) t);
        }
        var text = new StringWriter();
        t.printStackTrace(new PrintWriter(text));
        return new TaskFailedException(taskName, t.getClass().getName(), t.getMessage(), text.toString());
    }

    static Throwable unwrap(Throwable t) {
        while ((t instanceof InvocationTargetException || t instanceof CompletionException
                || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** A fresh exception with the same type and data, so each {@code get} throws from its own stack. */
    static TrellisException copy(TrellisException e) {
        return switch (e) {
            case TaskFailedException f -> new TaskFailedException(f.taskName(), f.remoteType(), f.remoteMessage(),
                    f.remoteStackTrace());
            case ActorDiedException a -> new ActorDiedException(a.actorId(), a.getMessage());
            case ObjectLostException o -> new ObjectLostException(o.objectId(), o.getMessage());
            case NodeDiedException n -> new NodeDiedException(n.nodeId(), n.getMessage());
            case UnschedulableException u -> new UnschedulableException(u.getMessage());
            case GetTimeoutException g -> new GetTimeoutException(g.getMessage());
            default -> e;
        };
    }
}
