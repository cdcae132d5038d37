package dev.trellis.models.internal.registry;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.trellis.models.ModelSignature;
import dev.trellis.models.TensorSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What {@code version.json} holds for one model version, as written on disk (snake_case keys,
 * a {@code format} number for later changes; unknown keys are ignored so an older Trellis reads
 * a newer file). {@code artifact} is the model file's name in the version's {@code artifact/}
 * directory; {@code created} is an ISO-8601 instant.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VersionMetadata(int format, String name, int version, String flavor, String artifact, String created,
                              String source, String runId, String description, Map<String, String> tags,
                              Signature signature) {
    public static final int FORMAT = 1;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    public VersionMetadata {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        description = description == null ? "" : description;
    }

    /** A signature as stored: the inputs' and outputs' names, element types and shapes. */
    public record Signature(List<Tensor> inputs, List<Tensor> outputs) {
        static Signature of(ModelSignature s) {
            return new Signature(s.inputs().stream().map(Tensor::of).toList(),
                    s.outputs().stream().map(Tensor::of).toList());
        }

        ModelSignature toSignature() {
            return new ModelSignature(inputs.stream().map(Tensor::toSpec).toList(),
                    outputs == null ? List.of() : outputs.stream().map(Tensor::toSpec).toList());
        }
    }

    public record Tensor(String name, String elementType, long[] shape) {
        static Tensor of(TensorSpec t) {
            return new Tensor(t.name(), t.elementType(), t.shape());
        }

        TensorSpec toSpec() {
            return new TensorSpec(name, elementType, shape);
        }
    }

    public static Signature signatureOf(ModelSignature signature) {
        return signature == null ? null : Signature.of(signature);
    }

    public ModelSignature modelSignature() {
        return signature == null ? null : signature.toSignature();
    }

    public byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the metadata of " + name + " version " + version, e);
        }
    }

    /**
     * Reads {@code file}.
     *
     * @throws java.nio.file.NoSuchFileException if it does not exist (yet)
     * @throws IOException                       naming the file if it is unreadable or malformed
     */
    public static VersionMetadata read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        try {
            VersionMetadata m = JSON.readValue(bytes, VersionMetadata.class);
            if (m.name == null || m.flavor == null || m.artifact == null || m.created == null || m.version < 1) {
                throw new IOException("it lacks name, version, flavor, artifact or created");
            }
            return m;
        } catch (IOException e) {
            throw new IOException("model version metadata " + file + " is unreadable: " + e.getMessage(), e);
        }
    }
}
