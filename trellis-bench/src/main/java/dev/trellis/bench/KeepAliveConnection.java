package dev.trellis.bench;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One HTTP/1.1 keep-alive connection to 127.0.0.1 with TCP_NODELAY, for the in-JVM load of the
 * cluster benchmarks: writes a prepared request and reads one response (Content-Length or
 * chunked body), as little work per request as wrk does, so that two servers loaded by it are
 * compared on their own costs. Not thread-safe: one caller per connection.
 */
final class KeepAliveConnection implements AutoCloseable {
    /** One answer: its status and its body as text. */
    record Response(int status, String body) {
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final byte[] buf = new byte[16 * 1024];
    private int pos;
    private int limit;
    private boolean open = true;

    private KeepAliveConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Connects (within 5 s); a read waits at most {@code readTimeout} for the answer's next bytes. */
    static KeepAliveConnection open(int port, Duration readTimeout) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout((int) readTimeout.toMillis());
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
            return new KeepAliveConnection(socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** A GET of {@code path} as bytes to send. */
    static byte[] get(int port, String path) {
        return ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** A POST of {@code json} to {@code path} as bytes to send. */
    static byte[] postJson(int port, String path, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }

    /** True until the server said {@code Connection: close} or a read or write failed. */
    boolean isOpen() {
        return open;
    }

    /** Sends {@code request} and reads its response. */
    Response exchange(byte[] request) throws IOException {
        try {
            out.write(request);
            out.flush();
            String status = line();
            if (!status.startsWith("HTTP/1.") || status.length() < 12) {
                throw new IOException("not an HTTP response: '" + status + "'");
            }
            int code = Integer.parseInt(status.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            for (String h = line(); !h.isEmpty(); h = line()) {
                int colon = h.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String name = h.substring(0, colon).trim();
                String value = h.substring(colon + 1).trim();
                if (name.equalsIgnoreCase("content-length")) {
                    length = Long.parseLong(value);
                } else if (name.equalsIgnoreCase("transfer-encoding") && value.equalsIgnoreCase("chunked")) {
                    chunked = true;
                } else if (name.equalsIgnoreCase("connection") && value.equalsIgnoreCase("close")) {
                    open = false;
                }
            }
            String body;
            if (chunked) {
                var all = new java.io.ByteArrayOutputStream();
                for (int size = Integer.parseInt(line().split(";")[0].trim(), 16); size > 0;
                        size = Integer.parseInt(line().split(";")[0].trim(), 16)) {
                    all.write(bytes(size));
                    line();
                }
                for (String trailer = line(); !trailer.isEmpty(); trailer = line()) {
                    // Trailers are not used.
                }
                body = all.toString(StandardCharsets.UTF_8);
            } else if (length >= 0) {
                body = new String(bytes((int) length), StandardCharsets.UTF_8);
            } else {
                throw new IOException("a response without Content-Length or chunked encoding");
            }
            return new Response(code, body);
        } catch (IOException | RuntimeException e) {
            open = false;
            throw e;
        }
    }

    private String line() throws IOException {
        var sb = new StringBuilder(64);
        while (true) {
            if (pos == limit) {
                fill();
            }
            byte b = buf[pos++];
            if (b == '\n') {
                int n = sb.length();
                return n > 0 && sb.charAt(n - 1) == '\r' ? sb.substring(0, n - 1) : sb.toString();
            }
            sb.append((char) (b & 0xff));
        }
    }

    private byte[] bytes(int n) throws IOException {
        byte[] out = new byte[n];
        int done = 0;
        while (done < n) {
            if (pos == limit) {
                fill();
            }
            int k = Math.min(n - done, limit - pos);
            System.arraycopy(buf, pos, out, done, k);
            pos += k;
            done += k;
        }
        return out;
    }

    private void fill() throws IOException {
        int n = in.read(buf, 0, buf.length);
        if (n < 0) {
            throw new EOFException("the server closed the connection");
        }
        pos = 0;
        limit = n;
    }

    @Override
    public void close() {
        open = false;
        try {
            socket.close();
        } catch (IOException e) {
            // Closing is all that was wanted.
        }
    }
}
