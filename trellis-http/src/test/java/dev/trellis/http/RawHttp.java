package dev.trellis.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * HTTP/1.1 over a plain socket, for what the JDK client cannot do: pipelining several requests
 * in one write, and going away in the middle of a request. Reads responses with a Content-Length
 * or chunked (without trailers).
 */
final class RawHttp implements AutoCloseable {
    record Reply(int status, Map<String, String> headers, String body) {
    }

    private final Socket socket;
    private final InputStream in;

    RawHttp(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(20_000);
        in = socket.getInputStream();
    }

    static String get(String path, String requestId) {
        return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nx-request-id: " + requestId + "\r\n\r\n";
    }

    void write(String requests) throws IOException {
        socket.getOutputStream().write(requests.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
    }

    /** Reads a response's status line and headers only, leaving its body unread. */
    Reply readHead() throws IOException {
        String statusLine = line();
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        var headers = new TreeMap<String, String>();
        for (String line = line(); !line.isEmpty(); line = line()) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
        }
        return new Reply(status, headers, "");
    }

    Reply read() throws IOException {
        Reply head = readHead();
        Map<String, String> headers = head.headers();
        int status = head.status();
        if ("chunked".equals(headers.get("transfer-encoding"))) {
            var body = new ByteArrayOutputStream();
            for (int size = Integer.parseInt(line(), 16); size > 0; size = Integer.parseInt(line(), 16)) {
                body.write(in.readNBytes(size));
                line();
            }
            line();
            return new Reply(status, headers, body.toString(StandardCharsets.UTF_8));
        }
        byte[] body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
        return new Reply(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    /** Whether the server closed the connection (the next read hits the end of the stream). */
    boolean closedByServer() throws IOException {
        return in.read() == -1;
    }

    private String line() throws IOException {
        var bytes = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b == -1) {
                throw new IOException("connection closed mid-response");
            }
            if (b != '\r') {
                bytes.write(b);
            }
        }
        return bytes.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
