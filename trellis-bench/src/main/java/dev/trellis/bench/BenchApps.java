package dev.trellis.bench;

import dev.trellis.http.Request;
import dev.trellis.serve.Application;
import dev.trellis.serve.DeploymentDefinition;
import dev.trellis.serve.DeploymentHandle;
import dev.trellis.serve.Serve;
import java.util.List;

/**
 * The applications the HTTP scenarios serve. Every deployment does trivial work, so the figures
 * measure Trellis itself: the proxy, the handle calls and the hops between replicas. Each has one
 * replica with {@value #MAX_ONGOING_REQUESTS} max ongoing requests, more than the most
 * connections the harness opens, so no request waits for a slot.
 */
public final class BenchApps {
    /** The text every server under test answers with, the raw Netty baseline included. */
    public static final String BODY = "hello";
    static final int MAX_ONGOING_REQUESTS = 128;

    /** {@code noop}: the ingress answers by itself. */
    public static final class NoopIngress {
        public String get(Request request) {
            return BODY;
        }
    }

    /** The last hop of a chain. */
    public static final class Leaf {
        public String echo(String text) {
            return text;
        }
    }

    /** A hop that passes its input on to a {@link Leaf} and waits for the answer. */
    public static final class Relay {
        private final DeploymentHandle<Leaf> next;

        public Relay(DeploymentHandle<Leaf> next) {
            this.next = next;
        }

        public String echo(String text) {
            return next.remote(Leaf::echo, text).result();
        }
    }

    /** {@code one-hop}: ingress -> A. */
    public static final class OneHopIngress {
        private final DeploymentHandle<Leaf> a;

        public OneHopIngress(DeploymentHandle<Leaf> a) {
            this.a = a;
        }

        public String get(Request request) {
            return a.remote(Leaf::echo, BODY).result();
        }
    }

    /** {@code two-hop}: ingress -> A -> B. */
    public static final class TwoHopIngress {
        private final DeploymentHandle<Relay> a;

        public TwoHopIngress(DeploymentHandle<Relay> a) {
            this.a = a;
        }

        public String get(Request request) {
            return a.remote(Relay::echo, BODY).result();
        }
    }

    static final List<String> NAMES = List.of("noop", "one-hop", "two-hop");

    private BenchApps() {
    }

    static Application<?> application(String name) {
        return switch (name) {
            case "noop" -> deployment(NoopIngress.class).bind();
            case "one-hop" -> deployment(OneHopIngress.class).bind(deployment(Leaf.class).bind());
            case "two-hop" -> deployment(TwoHopIngress.class)
                    .bind(deployment(Relay.class).bind(deployment(Leaf.class).bind()));
            default -> throw new IllegalArgumentException("bench application must be one of " + NAMES + ", was '"
                    + name + "'");
        };
    }

    private static <T> DeploymentDefinition<T> deployment(Class<T> cls) {
        return Serve.deployment(cls).options(o -> o.numReplicas(1).maxOngoingRequests(MAX_ONGOING_REQUESTS));
    }
}
