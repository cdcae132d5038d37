package dev.trellis.bench;

import dev.trellis.serve.HttpOptions;
import dev.trellis.serve.Serve;
import dev.trellis.serve.ServeOptions;
import java.net.InetSocketAddress;

/**
 * Serves a model as a json_request ingress over Trellis's HTTP proxy on 127.0.0.1 (a free port,
 * access log off) at {@code /predict}, one replica, until the harness stops it ({@link Lifeline}):
 * {@code tips}, the XGBoost {@link TipModel} of scenario {@code peer}, or {@code onnx}, the
 * {@link OnnxOverheadBenchmark.Api} of scenario {@code onnx}. One deployment, as the raw
 * baseline ({@link RawModelServer}) is one handler.
 *
 * <p>Run by the harness: {@code ModelIngressServer tips|onnx MODEL_FILE}.
 */
public final class ModelIngressServer {
    private ModelIngressServer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: ModelIngressServer tips|onnx MODEL_FILE");
        }
        Class<?> ingress = switch (args[0]) {
            case "tips" -> TipModel.class;
            case "onnx" -> OnnxOverheadBenchmark.Api.class;
            default -> throw new IllegalArgumentException("model must be tips or onnx, was '" + args[0] + "'");
        };
        Serve.start(ServeOptions.builder()
                .http(HttpOptions.builder().host("127.0.0.1").port(0).accessLog(false).build())
                .build());
        try {
            var app = Serve.deployment(ingress)
                    .options(o -> o.maxOngoingRequests(BenchApps.MAX_ONGOING_REQUESTS))
                    .bind(args[1]);
            Serve.run(app, args[0], "/predict");
            InetSocketAddress address = Serve.httpAddress().orElseThrow(() -> new IllegalStateException(
                    "Trellis started no HTTP proxy: is trellis-http on the class path?"));
            Lifeline.ready(address, "/predict");
            Lifeline.awaitParentExit();
        } finally {
            Serve.shutdown();
        }
    }
}
