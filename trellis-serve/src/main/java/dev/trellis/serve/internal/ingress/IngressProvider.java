package dev.trellis.serve.internal.ingress;

/**
 * How an ingress module (trellis-http) plugs into the runtime without trellis-serve depending
 * on it: found with {@link java.util.ServiceLoader} when the runtime starts.
 */
public interface IngressProvider {
    /** Starts this node's ingress, or returns null when its options say it is off. */
    Ingress start(IngressContext context);
}
