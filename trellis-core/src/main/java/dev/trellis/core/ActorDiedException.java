package dev.trellis.core;

/**
 * The actor a call went to is dead: its constructor failed, it was killed, or its node died and
 * it could not be restarted (or the call could not be retried on the restarted actor).
 */
public class ActorDiedException extends TrellisException {
    private final String actorId;

    public ActorDiedException(String actorId, String message) {
        super(message);
        this.actorId = actorId;
    }

    /** The dead actor's id. */
    public String actorId() {
        return actorId;
    }
}
