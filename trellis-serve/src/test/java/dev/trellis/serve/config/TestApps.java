package dev.trellis.serve.config;

import dev.trellis.serve.Application;
import dev.trellis.serve.Deployment;
import dev.trellis.serve.DeploymentHandle;
import dev.trellis.serve.Serve;
import java.util.Map;

/** Import-path targets for the config tests: every kind of member, good and bad. */
public final class TestApps {

    /** The ingress of {@link #app}; calls {@link Worker} through a handle. */
    public static final class Ingress {
        private final DeploymentHandle<Worker> worker;

        public Ingress(DeploymentHandle<Worker> worker) {
            this.worker = worker;
        }

        public String call(String input) {
            return worker.remote(Worker::greet, input).result();
        }
    }

    @Deployment(maxOngoingRequests = 7)
    public static final class Worker {
        private final String greeting;

        public Worker(String greeting) {
            this.greeting = greeting;
        }

        public String greet(String name) {
            return greeting + ", " + name;
        }
    }

    public record WorkerArgs(String greeting, int times) {
    }

    public static final Application<Ingress> app =
            Serve.deployment(Ingress.class).bind(Serve.deployment(Worker.class).bind("hello"));

    public static final String notAnApplication = "not an application";

    public static final Application<Ingress> nullApplication = null;

    static final Application<Worker> packagePrivate = Serve.deployment(Worker.class).bind("hi");

    private TestApps() {
    }

    public static Application<Ingress> noParameters() {
        return app;
    }

    public static Application<Worker> fromMap(Map<String, Object> args) {
        return Serve.deployment(Worker.class).bind(String.valueOf(args.getOrDefault("greeting", "hi")));
    }

    public static Application<Worker> fromRecord(WorkerArgs args) {
        return Serve.deployment(Worker.class).bind(args.greeting().repeat(Math.max(1, args.times())));
    }

    public static Application<Worker> failing() {
        throw new IllegalStateException("no model file");
    }

    public static String notABuilder() {
        return "nope";
    }

    public static Application<Worker> twoParameters(String a, String b) {
        return Serve.deployment(Worker.class).bind(a + b);
    }

    /** Nested so that import paths can name it as {@code TestApps.Nested} or {@code TestApps$Nested}. */
    public static final class Nested {
        public static final Application<Worker> app = Serve.deployment(Worker.class).bind("nested");

        private Nested() {
        }
    }
}
