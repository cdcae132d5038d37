package dev.trellis.serve.internal.messages;

/** What the controller receives. */
public interface ControllerCommand {
}
