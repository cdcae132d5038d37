package dev.trellis.core;

/**
 * A task or actor call threw. Carries the remote exception's type, message and stack trace as
 * text: the exception object itself never crosses a node boundary (no Java deserialization).
 */
public class TaskFailedException extends TrellisException {
    private final String taskName;
    private final String remoteType;
    private final String remoteMessage;
    private final String remoteStackTrace;

    public TaskFailedException(String taskName, String remoteType, String remoteMessage, String remoteStackTrace) {
        super(taskName + " failed: " + remoteType + (remoteMessage == null ? "" : ": " + remoteMessage));
        this.taskName = taskName;
        this.remoteType = remoteType;
        this.remoteMessage = remoteMessage;
        this.remoteStackTrace = remoteStackTrace;
    }

    /** The function or method that failed, e.g. {@code Fns.square}. */
    public String taskName() {
        return taskName;
    }

    /** The thrown exception's class name, e.g. {@code java.lang.ArithmeticException}. */
    public String remoteType() {
        return remoteType;
    }

    /** The thrown exception's message, or null. */
    public String remoteMessage() {
        return remoteMessage;
    }

    /** The thrown exception's stack trace (with causes), as printed where it was thrown. */
    public String remoteStackTrace() {
        return remoteStackTrace;
    }
}
