package dev.trellis.http.internal.admin;

import dev.trellis.http.TestIngresses;
import dev.trellis.serve.Application;
import dev.trellis.serve.Serve;
import java.util.Map;

/** Import-path targets of the admin API tests. */
public final class AdminApps {
    private AdminApps() {
    }

    /** Answers "{name} {sub path}"; {@code args: {name: ...}}, default "hello". */
    public static Application<TestIngresses.Named> named(Map<String, Object> args) {
        return Serve.deployment(TestIngresses.Named.class).bind(String.valueOf(args.getOrDefault("name", "hello")));
    }
}
