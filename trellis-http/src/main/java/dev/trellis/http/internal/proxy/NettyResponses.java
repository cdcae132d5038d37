package dev.trellis.http.internal.proxy;

import dev.trellis.http.Response;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.List;
import java.util.Map;

/** {@link Response}s and stream heads as Netty messages, with x-request-id and connection headers. */
final class NettyResponses {
    static final String REQUEST_ID = "x-request-id";

    private NettyResponses() {
    }

    static FullHttpResponse full(Response response, Exchange exchange) {
        return full(response, exchange.version(), exchange.requestId(), exchange.keepAlive());
    }

    static FullHttpResponse full(Response response, HttpVersion version, String requestId, boolean keepAlive) {
        var http = new DefaultFullHttpResponse(version, HttpResponseStatus.valueOf(response.status()),
                Unpooled.wrappedBuffer(response.body()));
        HttpHeaders headers = http.headers();
        copy(response.headers(), headers);
        headers.set(HttpHeaderNames.CONTENT_LENGTH, response.body().length);
        common(headers, version, requestId, keepAlive);
        return http;
    }

    /**
     * The head of a streamed response; the body follows as chunks. HTTP/1.0 has no chunked
     * encoding: there the body ends when the connection closes.
     */
    static HttpResponse streamHead(int status, String mediaType, Map<String, List<String>> extra, Exchange exchange) {
        if (!exchange.version().equals(HttpVersion.HTTP_1_1)) {
            exchange.closeAfterResponse();
        }
        var http = new DefaultHttpResponse(exchange.version(), HttpResponseStatus.valueOf(status));
        HttpHeaders headers = http.headers();
        copy(extra, headers);
        if (mediaType != null && !headers.contains(HttpHeaderNames.CONTENT_TYPE)) {
            headers.set(HttpHeaderNames.CONTENT_TYPE, mediaType);
        }
        headers.remove(HttpHeaderNames.CONTENT_LENGTH);
        if (exchange.version().equals(HttpVersion.HTTP_1_1)) {
            headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        }
        common(headers, exchange.version(), exchange.requestId(), exchange.keepAlive());
        return http;
    }

    private static void copy(Map<String, List<String>> from, HttpHeaders to) {
        from.forEach((name, values) -> values.forEach(v -> to.add(name, v)));
    }

    private static void common(HttpHeaders headers, HttpVersion version, String requestId, boolean keepAlive) {
        headers.set(REQUEST_ID, requestId);
        if (!keepAlive) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (version.equals(HttpVersion.HTTP_1_0)) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
    }
}
