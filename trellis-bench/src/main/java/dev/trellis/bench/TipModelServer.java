package dev.trellis.bench;

import dev.trellis.serve.HttpOptions;
import dev.trellis.serve.Serve;
import dev.trellis.serve.ServeOptions;
import java.net.InetSocketAddress;

/**
 * Serves {@link TipModel} over Trellis's HTTP proxy on 127.0.0.1 (a free port, access log off)
 * at {@code /predict}, one replica, until the harness stops it ({@link Lifeline}).
 *
 * <p>Run by the harness: {@code TipModelServer MODEL_FILE}.
 */
public final class TipModelServer {
    private TipModelServer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: TipModelServer MODEL_FILE");
        }
        Serve.start(ServeOptions.builder()
                .http(HttpOptions.builder().host("127.0.0.1").port(0).accessLog(false).build())
                .build());
        try {
            var app = Serve.deployment(TipModel.class)
                    .options(o -> o.maxOngoingRequests(BenchApps.MAX_ONGOING_REQUESTS))
                    .bind(args[0]);
            Serve.run(app, "tips", "/predict");
            InetSocketAddress address = Serve.httpAddress().orElseThrow(() -> new IllegalStateException(
                    "Trellis started no HTTP proxy: is trellis-http on the class path?"));
            Lifeline.ready(address, "/predict");
            Lifeline.awaitParentExit();
        } finally {
            Serve.shutdown();
        }
    }
}
