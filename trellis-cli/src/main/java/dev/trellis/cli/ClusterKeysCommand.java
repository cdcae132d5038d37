package dev.trellis.cli;

import dev.trellis.core.internal.cluster.ClusterKeys;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code trellis cluster-keys DIR}: makes the cluster's shared secret, a key pair and a trust store
 * of its certificate, for {@code start --cluster-keys DIR} on every node.
 */
@Command(name = "cluster-keys", mixinStandardHelpOptions = true, versionProvider = TrellisVersion.class,
        description = {"Makes the keys a Trellis cluster shares (TLS with mutual authentication): copy DIR to every"
                + " machine of the cluster and start each node with --cluster-keys DIR.",
                "DIR gets " + ClusterKeys.KEY_STORE + ", " + ClusterKeys.TRUST_STORE + " and " + ClusterKeys.PASSWORD
                        + " (readable by you only). Existing keys are never overwritten."})
final class ClusterKeysCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "Where to write the keys (created if missing).")
    Path dir;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            ClusterKeys.generate(dir);
            out.println("Cluster keys written to " + dir.toAbsolutePath()
                    + "; start every node with --cluster-keys " + dir);
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("Invalid value: " + e.getMessage());
            return StartCommand.EXIT_BAD_INPUT;
        } catch (UncheckedIOException e) {
            err.println("Failed: " + e.getMessage());
            return StartCommand.EXIT_FAILED;
        } finally {
            out.flush();
            err.flush();
        }
    }
}
