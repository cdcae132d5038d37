package dev.trellis.bench;

import dev.trellis.core.Trellis;
import dev.trellis.http.Request;
import dev.trellis.serve.Application;
import dev.trellis.serve.Serve;

/**
 * The applications the Serve cluster benchmarks deploy through the head's admin API (import
 * paths {@code dev.trellis.bench.ServeClusterApps:noop}, {@code :tips} and {@code :where}); the
 * config they are deployed with ({@link ServeCluster#config}) sets their replicas' CPUs, which
 * is what puts them on a worker.
 */
public final class ServeClusterApps {
    /** {@code noop}: answers {@link BenchApps#BODY} by itself, as scenario {@code http}'s ingress. */
    public static final class Noop {
        public String get(Request request) {
            return BenchApps.BODY;
        }
    }

    /** {@code where}: answers the id of the node it runs on, so a client can tell which replica served it. */
    public static final class Where {
        public String get(Request request) {
            return Trellis.nodeId();
        }
    }

    /** The args of {@link #tips}: the XGBoost model file. */
    public record TipsArgs(String model) {
    }

    public static final Application<Noop> noop = Serve.deployment(Noop.class).bind();

    public static final Application<Where> where = Serve.deployment(Where.class).bind();

    /** {@code tips}: the XGBoost {@link TipModel} of scenario {@code peer}, loaded from {@code args.model}. */
    public static Application<TipModel> tips(TipsArgs args) {
        return Serve.deployment(TipModel.class).bind(args.model());
    }

    private ServeClusterApps() {
    }
}
