package dev.trellis.serve;

/**
 * The deployment's own code threw. Carries the type and message of the user's exception (the
 * exception object itself stays on the replica, which may be another JVM); the message reads
 * {@code "<type>: <message>"}.
 */
public final class UserCodeException extends ServeException {
    private final String exceptionType;
    private final String userMessage;
    private final boolean invalidInput;

    public UserCodeException(String exceptionType, String userMessage) {
        this(exceptionType, userMessage, false);
    }

    /** @param invalidInput whether the user's exception was an {@link InvalidInputException} (or a subclass) */
    public UserCodeException(String exceptionType, String userMessage, boolean invalidInput) {
        super(exceptionType + (userMessage == null ? "" : ": " + userMessage));
        this.exceptionType = exceptionType;
        this.userMessage = userMessage;
        this.invalidInput = invalidInput;
    }

    /**
     * What a caller sees of {@code thrown}: its type and message, whether it was bad input, and,
     * for a {@code UserCodeException} passed on from a deployment it called, the original's.
     */
    public static UserCodeException of(Throwable thrown) {
        if (thrown instanceof UserCodeException passedOn) {
            return passedOn;
        }
        return new UserCodeException(thrown.getClass().getName(), thrown.getMessage(),
                thrown instanceof InvalidInputException);
    }

    /**
     * Whether the user's code rejected its input with an {@link InvalidInputException} or a
     * subclass (such as the HTTP module's {@code BadRequestException}); decided where the
     * exception was thrown, so it holds across JVMs. Over HTTP such a failure is a 400.
     */
    public boolean invalidInput() {
        return invalidInput;
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
