package dev.trellis.serve.internal.messages;

/**
 * What a node's replica host receives from the controller on another node: replicas to start
 * and stop there, the applications' routes and classes, and the routing messages it hands to
 * its node's handle agent.
 */
public interface HostCommand {
}
