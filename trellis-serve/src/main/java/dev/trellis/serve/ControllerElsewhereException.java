package dev.trellis.serve;

/**
 * On a cluster, Serve's controller runs on another node than this one (the oldest node, usually
 * the head): deploying, deleting and inspecting applications go through that node. {@link
 * #controllerNodeId()} names it, or is null while no node runs it (during a takeover). An admin
 * API answers it with a redirect to that node's admin API when it has one. HTTP: 307 or 503.
 */
public final class ControllerElsewhereException extends ServeException {
    private final String controllerNodeId;

    public ControllerElsewhereException(String message, String controllerNodeId) {
        super(message);
        this.controllerNodeId = controllerNodeId;
    }

    /** The node that runs the controller now, or null when none is known. */
    public String controllerNodeId() {
        return controllerNodeId;
    }
}
