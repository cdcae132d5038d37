package dev.trellis.http.internal.proxy;

import dev.trellis.http.internal.HttpErrorMapper;
import dev.trellis.serve.HttpOptions;
import dev.trellis.serve.internal.observe.Tracing;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * What every connection of the proxy shares: the current routes, the options, the error mapper,
 * the access log, the metrics, the tracing, and the executor for work that runs user code (binding request
 * bodies to user types, writing user objects as JSON, consuming streams), which starts a virtual thread per task.
 */
record ProxyServices(Supplier<RouteTable> routes, HttpOptions options, HttpErrorMapper errors, AccessLog accessLog,
                     HttpMetrics metrics, Executor userCode, Tracing tracing) {
}
