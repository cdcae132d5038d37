package dev.trellis.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.trellis.models.internal.onnx.OnnxSessions;
import dev.trellis.models.onnx.OnnxOptions;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * The limit a model served over HTTP is compared with: Netty, Jackson and the model's runtime
 * in one handler and nothing else. {@code POST {"<field>": [numbers]}} is decoded with
 * Jackson's streaming parser (with its fast floating-point parser, as Trellis reads bodies)
 * straight into a {@code float[]}, the model runs on the event loop
 * that read the request (no thread hop, no routing, no metrics), and the answer is written with
 * Jackson's generator into the response buffer: the same JSON the Trellis side answers.
 * <ul>
 *   <li>{@code onnx}: body {@code {"input": [...]}}, answered with the predicted class (the index
 *       of the highest probability) as a JSON number; the session is opened as Trellis opens it
 *       ({@link OnnxSessions} with {@link OnnxOptions#fromSystemProperties()}), and each request
 *       builds its tensor and runs it as {@code OnnxModel.predict} must at least.</li>
 *   <li>{@code xgboost}: body {@code {"features": [...]}}, answered with
 *       {@code {"tip_probability": p, "tip": b}}; XGBoost4J's in-place prediction with one
 *       OpenMP thread per prediction, as the FastAPI peer sets it ({@code nthread} 1).</li>
 * </ul>
 *
 * <p>Run by the harness: {@code RawModelServer onnx|xgboost MODEL_FILE <event-loop-threads>}; see {@link Lifeline}.
 */
public final class RawModelServer {
    /** Jackson with its fast floating-point parser, as Trellis reads request bodies. */
    private static final JsonFactory JSON = JsonFactory.builder().enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER).build();
    private static final int MAX_BODY_BYTES = 1 << 20;

    /** A model behind the handler: one decoded row in, its JSON answer out. */
    private interface RawModel {
        /** The body's one field, holding the row. */
        String field();

        void answer(float[] row, JsonGenerator out) throws Exception;
    }

    private RawModelServer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: RawModelServer onnx|xgboost MODEL_FILE <event-loop-threads>");
        }
        Path file = Path.of(args[1]);
        RawModel model = switch (args[0]) {
            case "onnx" -> new OnnxClassifier(file);
            case "xgboost" -> new XGBoostTipClassifier(file);
            default -> throw new IllegalArgumentException("model kind must be onnx or xgboost, was '" + args[0] + "'");
        };
        RawNetty.serveUntilParentExits(Integer.parseInt(args[2]), "/predict",
                () -> new ChannelHandler[] {new HttpObjectAggregator(MAX_BODY_BYTES), new PredictHandler(model)});
    }

    /** The values of the body's one array field, {@code {"<field>": [1.0, 2, ...]}}, decoded without boxing. */
    static float[] readRow(InputStream body, String field) throws IOException {
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT || !field.equals(p.nextFieldName())
                    || p.nextToken() != JsonToken.START_ARRAY) {
                throw new IOException("expected {\"" + field + "\": [numbers]}");
            }
            float[] values = new float[1024];
            int n = 0;
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
                    throw new IOException(field + "[" + n + "]: expected a number, got " + t);
                }
                if (n == values.length) {
                    values = Arrays.copyOf(values, n * 2);
                }
                values[n++] = p.getFloatValue();
            }
            if (p.nextToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new IOException("expected only {\"" + field + "\": [numbers]}");
            }
            return Arrays.copyOf(values, n);
        }
    }

    private static final class PredictHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final RawModel model;

        PredictHandler(RawModel model) {
            this.model = model;
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            FullHttpResponse response;
            ByteBuf out = ctx.alloc().buffer(64);
            try {
                float[] row = readRow(new ByteBufInputStream(request.content()), model.field());
                try (JsonGenerator json = JSON.createGenerator((OutputStream) new ByteBufOutputStream(out))) {
                    model.answer(row, json);
                }
                response = new DefaultFullHttpResponse(request.protocolVersion(), HttpResponseStatus.OK, out);
                response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
            } catch (Exception e) {
                out.release();
                response = new DefaultFullHttpResponse(request.protocolVersion(), HttpResponseStatus.BAD_REQUEST,
                        Unpooled.copiedBuffer(String.valueOf(e.getMessage()), StandardCharsets.UTF_8));
                response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
            }
            RawNetty.write(ctx, request, response);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    /** An ONNX classifier with one float input [N, ...] and one float scores output [N, C]. */
    private static final class OnnxClassifier implements RawModel {
        private final OrtEnvironment environment = OnnxSessions.environment();
        private final OrtSession session;
        private final String inputName;
        private final Set<String> outputs;
        private final long[] shape;

        OnnxClassifier(Path file) throws OrtException {
            session = OnnxSessions.open(file, OnnxOptions.fromSystemProperties()).session();
            var input = session.getInputInfo().values().iterator().next();
            inputName = input.getName();
            shape = ((ai.onnxruntime.TensorInfo) input.getInfo()).getShape();
            shape[0] = 1;
            outputs = Set.of(session.getOutputNames().iterator().next());
        }

        @Override
        public String field() {
            return "input";
        }

        @Override
        public void answer(float[] row, JsonGenerator out) throws Exception {
            try (var tensor = OnnxTensor.createTensor(environment, FloatBuffer.wrap(row), shape);
                    var result = session.run(Map.of(inputName, tensor), outputs)) {
                FloatBuffer scores = ((OnnxTensor) result.get(0)).getFloatBuffer();
                int best = 0;
                for (int i = 1; i < scores.limit(); i++) {
                    best = scores.get(i) > scores.get(best) ? i : best;
                }
                out.writeNumber(best);
            }
        }
    }

    /** The taxi tip classifier ({@code binary:logistic}): the probability of a tip of at least 20%. */
    private static final class XGBoostTipClassifier implements RawModel {
        private static final int[] ALL_TREES = {0, 0};
        private final Booster booster;
        private final int features;

        XGBoostTipClassifier(Path file) throws XGBoostError {
            booster = XGBoost.loadModel(file.toString());
            booster.setParam("nthread", 1);
            features = Math.toIntExact(booster.getNumFeature());
        }

        @Override
        public String field() {
            return "features";
        }

        @Override
        public void answer(float[] row, JsonGenerator out) throws Exception {
            if (row.length != features) {
                throw new IOException("expected " + features + " features, got " + row.length);
            }
            float p = booster.inplace_predict(row, 1, features, Float.NaN, ALL_TREES, Booster.PredictionType.kValue,
                    null)[0][0];
            out.writeStartObject();
            out.writeNumberField("tip_probability", (double) p);
            out.writeBooleanField("tip", p >= 0.5);
            out.writeEndObject();
        }
    }
}
