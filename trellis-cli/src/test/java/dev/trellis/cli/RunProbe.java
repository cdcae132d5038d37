package dev.trellis.cli;

import java.util.List;

/** A driver program for {@link RunCommandTest}: prints what it was given, exits with {@code exit=N} if told. */
public final class RunProbe {
    private RunProbe() {
    }

    public static void main(String[] args) {
        System.out.println("address=" + System.getenv("TRELLIS_ADDRESS"));
        System.out.println("args=" + List.of(args));
        System.err.println("probe stderr");
        for (String arg : args) {
            if (arg.startsWith("exit=")) {
                System.exit(Integer.parseInt(arg.substring("exit=".length())));
            }
        }
    }
}
