package dev.trellis.serve.internal.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.serve.Batch;
import dev.trellis.serve.internal.invoke.CallSignature;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class BatchMethodsTest {
    public record Image(int width) {
    }

    public static class Model {
        @Batch(maxBatchSize = 8, batchWaitTimeoutMillis = 5, maxConcurrentBatches = 2)
        public List<String> classify(List<Image> images) {
            return images.stream().map(i -> "w" + i.width()).toList();
        }

        @Batch
        public Stream<List<Integer>> generate(List<Map<String, Integer>> prompts) {
            return Stream.empty();
        }

        @Batch
        public Iterator<List<String>> chunks(List<String> texts) {
            return List.<List<String>>of().iterator();
        }

        public String plain(Image image) {
            return "";
        }
    }

    public static class TakesTwo {
        @Batch
        public List<String> predict(List<String> a, List<String> b) {
            return a;
        }
    }

    public static class ReturnsOne {
        @Batch
        public String predict(List<String> inputs) {
            return "";
        }
    }

    public static class TakesAnArray {
        @Batch
        public List<String> predict(String[] inputs) {
            return List.of();
        }
    }

    public static class StreamsNonLists {
        @Batch
        public Stream<String> predict(List<String> inputs) {
            return Stream.empty();
        }
    }

    public static class NotPublic {
        @Batch
        List<String> predict(List<String> inputs) {
            return inputs;
        }
    }

    public static class ZeroSize {
        @Batch(maxBatchSize = 0)
        public List<String> predict(List<String> inputs) {
            return inputs;
        }
    }

    public static class Subclass extends Model {
    }

    private static Method method(Class<?> cls, String name) {
        for (Method m : cls.getMethods()) {
            if (m.getName().equals(name)) {
                return m;
            }
        }
        throw new AssertionError(name);
    }

    @Test
    void aWellFormedMethodIsCalledWithOneItemAndAnswersWithOneResult() {
        Method classify = method(Model.class, "classify");

        BatchShape shape = BatchMethods.shape(classify);

        assertThat(shape.name()).isEqualTo("Model.classify");
        assertThat(shape.input()).isEqualTo(Image.class);
        assertThat(shape.output()).isEqualTo(String.class);
        assertThat(shape.streaming()).isFalse();
        assertThat(shape.defaults()).isEqualTo(new BatchSettings(8, Duration.ofMillis(5), 2));
        assertThat(CallSignature.parameterTypes(classify)).containsExactly(Image.class);
        assertThat(CallSignature.rawParameterTypes(classify)).containsExactly(Image.class);
        assertThat(CallSignature.returnType(classify)).isEqualTo(String.class);
    }

    @Test
    void aStreamingMethodIsCalledWithOneItemAndStreamsElements() throws Exception {
        Method generate = method(Model.class, "generate");

        assertThat(CallSignature.parameterTypes(generate)[0].getTypeName())
                .isEqualTo("java.util.Map<java.lang.String, java.lang.Integer>");
        assertThat(CallSignature.rawParameterTypes(generate)).containsExactly(Map.class);
        var returned = (ParameterizedType) CallSignature.returnType(generate);
        assertThat(returned.getRawType()).isEqualTo(Stream.class);
        assertThat(returned.getActualTypeArguments()).containsExactly(Integer.class);
        assertThat(CallSignature.rawReturnType(method(Model.class, "chunks"))).isEqualTo(Iterator.class);
        assertThat(returned).isEqualTo(Holder.class.getMethod("integers").getGenericReturnType());
    }

    /** Declares the type {@code Stream<Integer>} for comparison. */
    static final class Holder {
        public Stream<Integer> integers() {
            return Stream.empty();
        }
    }

    @Test
    void otherMethodsKeepTheirDeclaredTypes() {
        Method plain = method(Model.class, "plain");

        assertThat(BatchMethods.isBatch(plain)).isFalse();
        assertThat(CallSignature.parameterTypes(plain)).containsExactly(Image.class);
        assertThat(CallSignature.returnType(plain)).isEqualTo(String.class);
    }

    @Test
    void methodsInheritedBySubclassesAreFound() {
        assertThat(BatchMethods.validate(Subclass.class)).extracting(BatchShape::name)
                .containsExactlyInAnyOrder("Model.classify", "Model.generate", "Model.chunks");
        assertThat(BatchMethods.isBatch(method(Subclass.class, "classify"))).isTrue();
    }

    @Test
    void aWrongShapeIsRefusedNamingTheMethodWhatIsWrongAndTheRule() {
        assertThatThrownBy(() -> BatchMethods.validate(TakesTwo.class)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("@Batch method " + TakesTwo.class.getName() + ".predict has the wrong shape:"
                        + " it takes (List<String>, List<String>)")
                .hasMessageContaining("taking exactly one parameter of type List<I>");
        assertThatThrownBy(() -> BatchMethods.validate(ReturnsOne.class)).hasMessageContaining("it returns String;");
        assertThatThrownBy(() -> BatchMethods.validate(TakesAnArray.class)).hasMessageContaining("it takes (String[])");
        assertThatThrownBy(() -> BatchMethods.validate(StreamsNonLists.class))
                .hasMessageContaining("it returns Stream<String>, whose steps are not lists");
        assertThatThrownBy(() -> BatchMethods.validate(NotPublic.class)).hasMessageContaining("it is not public");
    }

    @Test
    void aBadOptionValueIsRefusedNamingTheMethodAndTheOption() {
        assertThatThrownBy(() -> BatchMethods.validate(ZeroSize.class)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("@Batch on ZeroSize.predict: max_batch_size must be >= 1, was 0");
    }

    @Test
    void aWarningNamesBothValuesAndTheFixWhenMaxOngoingRequestsKeepsBatchesSmall() {
        assertThat(BatchMethods.capacityWarnings(Model.class, "Model", 10)).singleElement().asString()
                .contains("Model.classify").contains("max_ongoing_requests=10");
        List<String> warnings = BatchMethods.capacityWarnings(Model.class, "Model", 4);

        assertThat(warnings).hasSize(3);
        assertThat(warnings).anySatisfy(w -> assertThat(w)
                .contains("deployment 'Model': @Batch method Model.classify has max_batch_size=8 x max_concurrent_batches=2"
                        + " but max_ongoing_requests=4")
                .contains("never hold more than 4 items")
                .contains("Set max_ongoing_requests to at least 16"));
        assertThat(BatchMethods.capacityWarnings(Model.class, "Model", 16)).isEmpty();
    }
}
