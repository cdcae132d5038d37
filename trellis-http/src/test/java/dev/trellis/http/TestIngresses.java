package dev.trellis.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Ingress deployments the loopback tests serve. */
public final class TestIngresses {
    private TestIngresses() {
    }

    /** Answers with what it received, as JSON. */
    public static final class Echo {
        public Map<String, Object> call(Request request) {
            var seen = new LinkedHashMap<String, Object>();
            seen.put("method", request.method());
            seen.put("path", request.path());
            seen.put("route_prefix", request.routePrefix());
            seen.put("sub_path", request.subPath());
            seen.put("query", request.query());
            seen.put("request_id", request.requestId());
            seen.put("content_type", request.header("Content-Type").orElse(null));
            seen.put("body", request.body().length == 0 ? null : request.jsonTree());
            return seen;
        }
    }

    /** The body back, as text. */
    public static final class TextEcho {
        public String call(Request request) {
            return request.text();
        }
    }

    /** Says its name and the path below its prefix, to show which application answered. */
    public static final class Named {
        private final String name;

        public Named(String name) {
            this.name = name;
        }

        public String call(Request request) {
            return name + " " + request.subPath();
        }
    }

    public record Operands(int a, int b) {
    }

    public record Sum(int sum) {
    }

    /** A driver-style ingress: the JSON body is its input. */
    public static final class Adder {
        public Sum add(Operands operands) {
            return new Sum(operands.a() + operands.b());
        }
    }

    public static final class Failing {
        public String call(Request request) {
            throw new IllegalStateException("the model is not loaded");
        }
    }

    public static final class NullResult {
        public String call(Request request) {
            return null;
        }
    }

    public static final class BytesResult {
        public byte[] call(Request request) {
            return new byte[] {1, 2, 3};
        }
    }

    public static final class CustomResponse {
        public Response call(Request request) {
            return Response.status(201).header("x-custom", "yes").text("created " + request.subPath());
        }
    }

    /** Test-controlled blocking: requests wait until released, and record being interrupted. */
    public static final class Blocker {
        static final Set<String> STARTED = ConcurrentHashMap.newKeySet();
        static final Set<String> INTERRUPTED = ConcurrentHashMap.newKeySet();
        static volatile CountDownLatch release = new CountDownLatch(1);

        static void reset() {
            STARTED.clear();
            INTERRUPTED.clear();
            release = new CountDownLatch(1);
        }

        public String call(Request request) throws InterruptedException {
            STARTED.add(request.requestId());
            try {
                if (!release.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("never released");
                }
                return "released " + request.requestId();
            } catch (InterruptedException e) {
                INTERRUPTED.add(request.requestId());
                throw e;
            }
        }
    }

    /** A request with {@code ?last} finishes only after two requests without it have. */
    public static final class FinishLast {
        static volatile CountDownLatch others = new CountDownLatch(2);

        public String call(Request request) throws InterruptedException {
            if (request.queryParam("last").isPresent()) {
                if (!others.await(20, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the other requests never ran");
                }
            } else {
                others.countDown();
            }
            return request.requestId();
        }
    }
}
