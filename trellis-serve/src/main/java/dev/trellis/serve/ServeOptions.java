package dev.trellis.serve;

import dev.trellis.core.Resources;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;

/**
 * How the embedded Serve runtime is started ({@link Serve#start(ServeOptions)}). Defaults:
 * node resources = this machine's cores and no GPUs, controller tick 100 ms, the system clock,
 * constructor retries {@code min(20, 3 x num_replicas)}, messages not round-tripped through
 * serialization, {@link HttpOptions#defaults()} for the HTTP proxy, tracing off.
 */
public final class ServeOptions {
    private final Resources nodeResources;
    private final Duration controlLoopInterval;
    private final InstantSource clock;
    private final boolean serializeMessages;
    private final int maxConstructorRetries;
    private final HttpOptions http;
    private final OpenTelemetry openTelemetry;

    private ServeOptions(Builder b) {
        this.http = b.http;
        this.openTelemetry = b.openTelemetry;
        this.nodeResources = b.nodeResources;
        this.controlLoopInterval = b.controlLoopInterval;
        this.clock = b.clock;
        this.serializeMessages = b.serializeMessages;
        this.maxConstructorRetries = b.maxConstructorRetries;
    }

    public static ServeOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Resources nodeResources() {
        return nodeResources;
    }

    public Duration controlLoopInterval() {
        return controlLoopInterval;
    }

    public InstantSource clock() {
        return clock;
    }

    public boolean serializeMessages() {
        return serializeMessages;
    }

    /** Upper bound of constructor attempts per deployment before it is marked UNHEALTHY; -1 = Ray's rule. */
    public int maxConstructorRetries() {
        return maxConstructorRetries;
    }

    /** The HTTP proxy's settings. */
    public HttpOptions http() {
        return http;
    }

    /**
     * Where the runtime's spans go (see docs/logging-and-tracing.md), or null: tracing off, the
     * default, at the cost of a null check per call. The runtime does not close it.
     */
    public OpenTelemetry openTelemetry() {
        return openTelemetry;
    }

    public static final class Builder {
        private OpenTelemetry openTelemetry;
        private HttpOptions http = HttpOptions.defaults();
        private Resources nodeResources = Resources.ofThisMachine();
        private Duration controlLoopInterval = Duration.ofMillis(100);
        private InstantSource clock = InstantSource.system();
        private boolean serializeMessages;
        private int maxConstructorRetries = -1;

        /** What this node offers replicas; deployments needing more stay pending. */
        public Builder nodeResources(Resources value) {
            nodeResources = Objects.requireNonNull(value, "node_resources");
            return this;
        }

        public Builder controlLoopInterval(Duration value) {
            if (value == null || value.isZero() || value.isNegative()) {
                throw new IllegalArgumentException("control_loop_interval must be a positive duration, was " + value);
            }
            controlLoopInterval = value;
            return this;
        }

        public Builder clock(InstantSource value) {
            clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** Round-trip every actor message through its serializer, as if it crossed nodes (tests). */
        public Builder serializeMessages(boolean value) {
            serializeMessages = value;
            return this;
        }

        public Builder maxConstructorRetries(int value) {
            if (value < 1 && value != -1) {
                throw new IllegalArgumentException("max_constructor_retries must be >= 1 (or -1 for the default), was " + value);
            }
            maxConstructorRetries = value;
            return this;
        }

        public Builder http(HttpOptions value) {
            http = Objects.requireNonNull(value, "http_options");
            return this;
        }

        /**
         * Traces every request through {@code value} (an OpenTelemetry SDK, configured with its
         * exporter); null turns tracing off. Its shutdown (flushing spans) is the caller's.
         */
        public Builder openTelemetry(OpenTelemetry value) {
            openTelemetry = value;
            return this;
        }

        public ServeOptions build() {
            return new ServeOptions(this);
        }
    }
}
