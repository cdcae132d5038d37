package dev.trellis.bench;

import dev.trellis.serve.HttpOptions;
import dev.trellis.serve.Serve;
import dev.trellis.serve.ServeOptions;
import java.net.InetSocketAddress;

/**
 * Serves one of {@link BenchApps} over Trellis's HTTP proxy on 127.0.0.1 (a free port, access
 * log off) until the harness stops it.
 *
 * <p>Run by the harness: {@code TrellisHttpServer noop|one-hop|two-hop}; see {@link Lifeline}.
 */
public final class TrellisHttpServer {
    private TrellisHttpServer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: TrellisHttpServer " + String.join("|", BenchApps.NAMES));
        }
        String name = args[0];
        var app = BenchApps.application(name);
        Serve.start(ServeOptions.builder()
                .http(HttpOptions.builder().host("127.0.0.1").port(0).accessLog(false).build())
                .build());
        try {
            Serve.run(app, name, "/" + name);
            InetSocketAddress address = Serve.httpAddress().orElseThrow(() -> new IllegalStateException(
                    "Trellis started no HTTP proxy: is trellis-http on the class path?"));
            Lifeline.ready(address, "/" + name);
            Lifeline.awaitParentExit();
        } finally {
            Serve.shutdown();
        }
    }
}
