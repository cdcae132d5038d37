package dev.trellis.serve.internal.observe;

/**
 * What a handle call carries about the request it belongs to, across every hop (proxy ->
 * ingress -> nested calls), in both serialization modes: the request id (the HTTP
 * {@code x-request-id}) and the W3C trace context of the calling span ({@code traceparent},
 * {@code tracestate}; null when the caller is not traced). A call made outside any request and
 * without tracing carries no context at all (null), so that path allocates nothing.
 */
public record RequestContext(String requestId, String traceparent, String tracestate) {
}
