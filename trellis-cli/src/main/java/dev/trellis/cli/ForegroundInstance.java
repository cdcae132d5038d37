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

    ForegroundInstance(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
    }

    int run(Resources resources, HttpOptions http, String adminHost, int adminPort, String token,
            ServeConfigFile initial) throws InterruptedException {
        var stopRequested = new CountDownLatch(1);
        try {
            Serve.start(ServeOptions.builder().nodeResources(resources).http(http).build());
        } catch (TrellisException e) {
            err.println("Failed: " + e.getMessage());
            return StartCommand.EXIT_FAILED;
        }
        AdminServer admin;
        try {
            admin = AdminServer.builder().host(adminHost).port(adminPort).token(token).proxyOptions(http)
                    .onStopRequested(stopRequested::countDown).start();
        } catch (IllegalStateException | IllegalArgumentException e) {
            Serve.shutdown();
            err.println("Invalid value: " + e.getMessage());
            return StartCommand.EXIT_BAD_INPUT;
        } catch (TrellisException e) {
            Serve.shutdown();
            err.println("Failed: " + e.getMessage());
            return StartCommand.EXIT_FAILED;
        }
        Thread hook = new Thread(() -> stop(admin), "trellis-shutdown");
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
            stop(admin);
            out.println("Trellis stopped.");
            out.flush();
        }
    }

    private static void stop(AdminServer admin) {
        admin.close();
        Serve.shutdown();
    }
}
