package dev.trellis.core;

/** How long an actor lives, with Ray's names. */
public enum ActorLifetime {
    /** Until it is killed, or every handle to it is gone, or the program that made it ends. */
    NON_DETACHED,
    /** Until it is killed, even after the program that made it ends (it must have a name to be found again). */
    DETACHED
}
