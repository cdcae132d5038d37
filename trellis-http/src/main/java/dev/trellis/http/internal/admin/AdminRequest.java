package dev.trellis.http.internal.admin;

import java.util.Objects;

/**
 * One admin API request, copied out of Netty's buffers so that it can be handled off the event
 * loop.
 *
 * @param path          the request path without the query string
 * @param contentType   the Content-Type header, null when absent
 * @param authorization the Authorization header, null when absent
 */
public record AdminRequest(String method, String path, String contentType, String authorization, byte[] body) {

    public AdminRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        body = body == null ? new byte[0] : body;
    }
}
