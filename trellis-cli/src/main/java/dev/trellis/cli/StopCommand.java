package dev.trellis.cli;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code trellis stop}, the counterpart of {@code ray stop}: asks the instance at
 * {@code --address} to stop ({@code POST /api/trellis/stop}: it closes its admin API, drains
 * and stops every application, then exits) and, when it runs on this machine, waits (bounded
 * by {@code --timeout}) until its process has exited.
 */
@Command(name = "stop", mixinStandardHelpOptions = true, versionProvider = TrellisVersion.class, sortOptions = false,
        description = "Stops the running Trellis instance gracefully (applications drain first).")
final class StopCommand extends AdminCommand {

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "How long to wait for the instance to exit (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--all", description = "Also stop every Trellis Core node of this machine, not only those started here.")
    boolean all;

    /** Stops the Core nodes started from this directory first; then the Serve instance, if one answers. */
    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        int nodes;
        try {
            nodes = NodeProcesses.stop(all, java.time.Duration.ofSeconds(Math.max(1, timeoutSeconds)), out);
        } catch (java.io.IOException e) {
            spec.commandLine().getErr().println("Failed: " + e.getMessage());
            return EXIT_FAILED;
        }
        if (nodes > 0) {
            try (AdminClient client = admin.client()) {
                client.send("GET", "/api/serve/applications/", null, null);
            } catch (AdminClient.Unreachable | AdminClient.ErrorAnswer | IllegalArgumentException e) {
                out.flush();
                return 0; // no Serve instance besides the nodes
            }
        }
        return super.call();
    }

    @Override
    int run(AdminClient client, PrintWriter out, PrintWriter err) {
        if (timeoutSeconds < 1) {
            throw new IllegalArgumentException("--timeout must be >= 1 second, was " + timeoutSeconds);
        }
        long pid = client.json(client.send("GET", "/api/serve/applications/", null, null))
                .path("controller_info").path("pid").asLong(-1);
        client.json(client.send("POST", "/api/trellis/stop", null, null));
        var process = isLocal(client.address()) && pid != ProcessHandle.current().pid() ? ProcessHandle.of(pid)
                : java.util.Optional.<ProcessHandle>empty();
        if (process.isEmpty()) { // elsewhere (or this very JVM): nothing to wait on
            out.println("Stop requested at " + client.address() + ".");
            return 0;
        }
        out.println("Stopping Trellis (pid " + pid + ")...");
        out.flush();
        try {
            process.get().onExit().get(timeoutSeconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            err.println("Failed: Trellis (pid " + pid + ") is still stopping after " + timeoutSeconds
                    + " s (applications draining?); check its log, or wait and run `trellis stop` again");
            return EXIT_FAILED;
        } catch (ExecutionException e) {
            throw new IllegalStateException("waiting for pid " + pid + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return EXIT_FAILED;
        }
        out.println("Trellis stopped.");
        return 0;
    }

    private static boolean isLocal(String address) {
        try {
            String host = URI.create(address).getHost();
            return host != null && InetAddress.getByName(host).isLoopbackAddress();
        } catch (IllegalArgumentException | UnknownHostException e) {
            return false;
        }
    }
}
