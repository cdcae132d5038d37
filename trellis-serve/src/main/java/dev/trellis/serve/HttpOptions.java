package dev.trellis.serve;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the HTTP proxy that serves every application with a route prefix (module
 * trellis-http; started with the runtime when that module is on the class path). Config-file
 * key: {@code http_options}. Defaults: {@code host} 127.0.0.1 (loopback only: exposing the
 * proxy is a deliberate choice), {@code port} 8000 (0 picks a free port), no
 * {@code request_timeout}, {@code max_request_body_bytes} 10 MiB, back-pressure answered with
 * 503 (or 429 with {@code Retry-After}), access log on.
 */
public final class HttpOptions {
    private final boolean enabled;
    private final String host;
    private final int port;
    private final Duration requestTimeout;
    private final long maxRequestBodyBytes;
    private final int backPressureStatus;
    private final Duration retryAfter;
    private final boolean accessLog;

    private HttpOptions(Builder b) {
        this.enabled = b.enabled;
        this.host = b.host;
        this.port = b.port;
        this.requestTimeout = b.requestTimeout;
        this.maxRequestBodyBytes = b.maxRequestBodyBytes;
        this.backPressureStatus = b.backPressureStatus;
        this.retryAfter = b.retryAfter;
        this.accessLog = b.accessLog;
    }

    public static HttpOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        var b = new Builder();
        b.enabled = enabled;
        b.host = host;
        b.port = port;
        b.requestTimeout = requestTimeout;
        b.maxRequestBodyBytes = maxRequestBodyBytes;
        b.backPressureStatus = backPressureStatus;
        b.retryAfter = retryAfter;
        b.accessLog = accessLog;
        return b;
    }

    /** False: no proxy is started even if trellis-http is present. */
    public boolean enabled() {
        return enabled;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** How long a request may take before it is answered 408 and its call cancelled; null for no limit. */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    public long maxRequestBodyBytes() {
        return maxRequestBodyBytes;
    }

    /** 503 or 429. */
    public int backPressureStatus() {
        return backPressureStatus;
    }

    /** Sent as {@code Retry-After} (whole seconds, at least 1) with 429. */
    public Duration retryAfter() {
        return retryAfter;
    }

    public boolean accessLog() {
        return accessLog;
    }

    public static final class Builder {
        private boolean enabled = true;
        private String host = "127.0.0.1";
        private int port = 8000;
        private Duration requestTimeout;
        private long maxRequestBodyBytes = 10L * 1024 * 1024;
        private int backPressureStatus = 503;
        private Duration retryAfter = Duration.ofSeconds(1);
        private boolean accessLog = true;

        public Builder enabled(boolean value) {
            enabled = value;
            return this;
        }

        public Builder host(String value) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("http_options.host must be a host name or address, was '" + value + "'");
            }
            host = value;
            return this;
        }

        public Builder port(int value) {
            if (value < 0 || value > 65535) {
                throw new IllegalArgumentException("http_options.port must be between 0 and 65535, was " + value);
            }
            port = value;
            return this;
        }

        /** {@code null} for no limit. */
        public Builder requestTimeout(Duration value) {
            if (value != null && (value.isZero() || value.isNegative())) {
                throw new IllegalArgumentException("http_options.request_timeout must be a positive duration, was "
                        + value.toMillis() / 1000.0 + " s");
            }
            requestTimeout = value;
            return this;
        }

        public Builder maxRequestBodyBytes(long value) {
            if (value < 1 || value > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("http_options.max_request_body_bytes must be between 1 and "
                        + Integer.MAX_VALUE + ", was " + value);
            }
            maxRequestBodyBytes = value;
            return this;
        }

        public Builder backPressureStatus(int value) {
            if (value != 503 && value != 429) {
                throw new IllegalArgumentException("http_options.back_pressure_status must be 503 or 429, was " + value);
            }
            backPressureStatus = value;
            return this;
        }

        public Builder retryAfter(Duration value) {
            Objects.requireNonNull(value, "retry_after");
            if (value.isNegative()) {
                throw new IllegalArgumentException("http_options.retry_after must not be negative, was " + value);
            }
            retryAfter = value;
            return this;
        }

        public Builder accessLog(boolean value) {
            accessLog = value;
            return this;
        }

        public HttpOptions build() {
            return new HttpOptions(this);
        }
    }
}
