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

    /** A deployment with two one-argument methods and no routes: the HTTP proxy cannot serve it. */
    public static final class TwoEntryPoints {
        public String left(String x) {
            return x;
        }

        public String right(String x) {
            return x;
        }
    }

    /** Plans fine, but has no HTTP entry point: deploying it at a route prefix fails. */
    public static Application<TwoEntryPoints> unservable() {
        return Serve.deployment(TwoEntryPoints.class).bind();
    }
}
