package dev.trellis.examples.core;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** One in-process run of a Core example's {@code run(args, out, err)}, with its exit code and output. */
record DriverRun(int exitCode, String out, String err) {
    interface Driver {
        int run(String[] args, PrintStream out, PrintStream err);
    }

    static DriverRun of(Driver driver, String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int code;
        try (var o = new PrintStream(out, true, StandardCharsets.UTF_8);
             var e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = driver.run(args, o, e);
        }
        return new DriverRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
