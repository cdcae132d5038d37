package dev.trellis.serve;

/**
 * The deployment's own code threw. Carries the type and message of the user's exception (the
 * exception object itself stays on the replica, which may be another JVM); the message reads
 * {@code "<type>: <message>"}.
 */
public final class UserCodeException extends ServeException {
    private final String exceptionType;
    private final String userMessage;

    public UserCodeException(String exceptionType, String userMessage) {
        super(exceptionType + (userMessage == null ? "" : ": " + userMessage));
        this.exceptionType = exceptionType;
        this.userMessage = userMessage;
    }

    /** Fully qualified class name of the exception the user code threw. */
    public String exceptionType() {
        return exceptionType;
    }

    /** The user exception's own message, possibly {@code null}. */
    public String userMessage() {
        return userMessage;
    }
}
