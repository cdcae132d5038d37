package dev.trellis.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Base of the commands that talk to a running instance ({@code serve deploy/status/config/shutdown},
 * {@code stop}). Exit codes, the same for all: 0 done, 1 the instance cannot be reached or
 * answered with an error (the message says which), 2 bad usage or a rejected config.
 */
abstract class AdminCommand implements Callable<Integer> {
    static final int EXIT_FAILED = 1;
    static final int EXIT_BAD_INPUT = 2;

    @Spec
    CommandSpec spec;

    @Mixin
    AdminAddressOptions admin;

    /** The command's work; may throw {@link AdminClient.Unreachable} or {@link AdminClient.ErrorAnswer}. */
    abstract int run(AdminClient client, PrintWriter out, PrintWriter err);

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (AdminClient client = admin.client()) {
            return run(client, out, err);
        } catch (AdminClient.Unreachable | AdminClient.ErrorAnswer e) {
            err.println("Failed: " + e.getMessage());
            return EXIT_FAILED;
        } catch (IllegalArgumentException e) {
            err.println("Invalid value: " + e.getMessage());
            return EXIT_BAD_INPUT;
        } finally {
            out.flush();
            err.flush();
        }
    }
}
