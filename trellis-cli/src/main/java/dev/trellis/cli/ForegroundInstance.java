package dev.trellis.cli;

import dev.trellis.core.Resources;
import dev.trellis.core.TrellisException;
import dev.trellis.http.AdminServer;
import dev.trellis.serve.HttpOptions;
import dev.trellis.serve.Serve;
import dev.trellis.serve.ServeOptions;
import dev.trellis.serve.config.ServeConfigFile;
import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;

/**
 * {@code trellis start --block}: runs the embedded runtime, its HTTP proxy and the admin API in
 * this JVM, deploys the initial config if any, prints where everything listens and serves until
 * {@code POST /api/trellis/stop} ({@code trellis stop}), Ctrl-C or SIGTERM. Every way out
 * closes the admin API first (no new deploys), then drains and stops the applications.
 */
final class ForegroundInstance {
    private final PrintWriter out;
    private final PrintWriter err;
    private final ObservabilityOptions observability;

    ForegroundInstance(PrintWriter out, PrintWriter err, ObservabilityOptions observability) {
        this.out = out;
        this.err = err;
        this.observability = observability;
    }

    int run(Resources resources, HttpOptions http, String adminHost, int adminPort, String token,
            ServeConfigFile initial) throws InterruptedException {
        var stopRequested = new CountDownLatch(1);
        try {
            observability.applyLogEncoding(System.getenv());
            Serve.start(ServeOptions.builder().nodeResources(resources).http(http)
                    .openTelemetry(observability.openTelemetry(System.getenv())).build());
        } catch (IllegalArgumentException e) {
            observability.close();
            err.println("Invalid value: " + e.getMessage());
            return StartCommand.EXIT_BAD_INPUT;
        } catch (TrellisException e) {
            observability.close();
            err.println("Failed: " + e.getMessage());
            return StartCommand.EXIT_FAILED;
        }
        AdminServer admin;
        try {
            admin = AdminServer.builder().host(adminHost).port(adminPort).token(token).proxyOptions(http)
                    .onStopRequested(stopRequested::countDown).start();
        } catch (IllegalStateException | IllegalArgumentException e) {
            Serve.shutdown();
            observability.close();
            err.println("Invalid value: " + e.getMessage());
            return StartCommand.EXIT_BAD_INPUT;
        } catch (TrellisException e) {
            Serve.shutdown();
            observability.close();
            err.println("Failed: " + e.getMessage());
            return StartCommand.EXIT_FAILED;
        }
        Thread hook = new Thread(() -> stop(admin, observability), "trellis-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            out.println("Trellis started (pid " + ProcessHandle.current().pid() + "); node resources " + resources + ".");
            out.println("Admin API: " + admin.url());
            Serve.httpAddress().ifPresent(a -> out.println("HTTP proxy: " + ServeRunCommand.baseUrl(a)));
            out.flush();
            if (initial != null) {
                var deployed = admin.deployInitial(initial);
                out.println("Deploying " + initial.path() + ": " + String.join(", ", deployed) + ".");
            }
            out.println("Serving until `trellis stop`, Ctrl-C or SIGTERM.");
            out.flush();
            stopRequested.await();
            out.println("Stop requested; draining applications...");
            out.flush();
            return 0;
        } catch (TrellisException | IllegalArgumentException e) {
            err.println("Failed: " + e.getMessage());
            return StartCommand.EXIT_FAILED;
        } finally {
            Runtime.getRuntime().removeShutdownHook(hook);
            stop(admin, observability);
            out.println("Trellis stopped.");
            out.flush();
        }
    }

    /** Admin API first (no new deploys), then the applications, then the trace exporter (flushing the last spans). */
    private static void stop(AdminServer admin, ObservabilityOptions observability) {
        admin.close();
        Serve.shutdown();
        observability.close();
    }
}
