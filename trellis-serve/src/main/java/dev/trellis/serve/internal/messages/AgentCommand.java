package dev.trellis.serve.internal.messages;

/** What a node's handle agent receives: replica replies and router updates from the controller. */
public interface AgentCommand {
}
