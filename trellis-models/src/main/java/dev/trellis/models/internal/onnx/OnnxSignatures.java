package dev.trellis.models.internal.onnx;

import ai.onnxruntime.MapInfo;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.SequenceInfo;
import ai.onnxruntime.TensorInfo;
import dev.trellis.models.ModelSignature;
import dev.trellis.models.TensorSpec;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * A session's inputs and outputs as {@link TensorSpec}s, in graph order. Element types use
 * ONNX's names ({@code float}, {@code int64}...); a free (symbolic) dimension is -1. Non-tensor
 * values are named the way ONNX writes their types: a scikit-learn {@code ZipMap} output is
 * {@code seq(map(int64,float))} of shape [-1], a map is {@code map(string,float)} of shape [].
 */
public final class OnnxSignatures {
    private static final String TENSOR_TYPE_PREFIX = "ONNX_TENSOR_ELEMENT_DATA_TYPE_";

    private OnnxSignatures() {
    }

    public static ModelSignature of(OrtSession session) throws OrtException {
        return new ModelSignature(specs(session.getInputInfo().values()), specs(session.getOutputInfo().values()));
    }

    private static List<TensorSpec> specs(Collection<NodeInfo> nodes) {
        return nodes.stream().map(OnnxSignatures::spec).toList();
    }

    static TensorSpec spec(NodeInfo node) {
        return switch (node.getInfo()) {
            case TensorInfo tensor -> new TensorSpec(node.getName(), tensorType(tensor), tensor.getShape());
            case SequenceInfo sequence -> new TensorSpec(node.getName(), "seq(" + (sequence.isSequenceOfMaps()
                    ? mapType(sequence.mapInfo) : javaType(sequence.sequenceType)) + ")", new long[] {-1});
            case MapInfo map -> new TensorSpec(node.getName(), mapType(map), new long[0]);
            default -> new TensorSpec(node.getName(), "unknown", new long[0]);
        };
    }

    /** The ONNX name of a tensor's element type: {@code float}, {@code int64}, {@code uint8}... */
    static String tensorType(TensorInfo tensor) {
        String name = tensor.onnxType.name();
        return (name.startsWith(TENSOR_TYPE_PREFIX) ? name.substring(TENSOR_TYPE_PREFIX.length()) : name)
                .toLowerCase(Locale.ROOT);
    }

    private static String mapType(MapInfo map) {
        return "map(" + javaType(map.keyType) + "," + javaType(map.valueType) + ")";
    }

    private static String javaType(OnnxJavaType type) {
        return type.name().toLowerCase(Locale.ROOT);
    }
}
