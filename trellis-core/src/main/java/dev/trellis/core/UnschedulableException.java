package dev.trellis.core;

/**
 * No node of the cluster can ever run a task, actor or placement group as asked: the message
 * names the resources requested and what the largest node has. (A request that merely cannot
 * run now waits, and shows as pending in the status.)
 */
public class UnschedulableException extends TrellisException {
    public UnschedulableException(String message) {
        super(message);
    }
}
