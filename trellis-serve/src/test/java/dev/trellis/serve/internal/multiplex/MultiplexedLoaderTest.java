package dev.trellis.serve.internal.multiplex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.serve.Multiplexed;
import org.junit.jupiter.api.Test;

/** Finding and checking a class's {@code @Multiplexed} loader. */
class MultiplexedLoaderTest {
    public static class Plain {
        public String run(String x) {
            return x;
        }
    }

    public static class Good {
        @Multiplexed(maxNumModelsPerReplica = 2)
        public String load(String modelId) {
            return modelId;
        }
    }

    public static class DefaultCapacity {
        @Multiplexed
        private Object load(String modelId) {
            return modelId;
        }
    }

    public static class Inherits extends Good {
    }

    public static class Overrides extends Good {
        @Override
        @Multiplexed(maxNumModelsPerReplica = 5)
        public String load(String modelId) {
            return "sub " + modelId;
        }
    }

    public static class TwoLoaders {
        @Multiplexed
        public String a(String id) {
            return id;
        }

        @Multiplexed
        public String b(String id) {
            return id;
        }
    }

    public static class WrongParameter {
        @Multiplexed
        public String load(int id) {
            return "" + id;
        }
    }

    public static class TwoParameters {
        @Multiplexed
        public String load(String id, String version) {
            return id + version;
        }
    }

    public static class ReturnsVoid {
        @Multiplexed
        public void load(String id) {
        }
    }

    public static class StaticLoader {
        @Multiplexed
        public static String load(String id) {
            return id;
        }
    }

    public static class ZeroCapacity {
        @Multiplexed(maxNumModelsPerReplica = 0)
        public String load(String id) {
            return id;
        }
    }

    @Test
    void aClassWithoutALoaderHasNone() {
        assertThat(MultiplexedLoader.of(Plain.class)).isEmpty();
    }

    @Test
    void theLoaderAndItsCapacityAreFound() throws Exception {
        var loader = MultiplexedLoader.of(Good.class).orElseThrow();
        assertThat(loader.method()).isEqualTo(Good.class.getMethod("load", String.class));
        assertThat(loader.maxNumModelsPerReplica()).isEqualTo(2);
        assertThat(loader.display()).isEqualTo("Good.load");
    }

    @Test
    void theDefaultCapacityIsRaysThreeAndPrivateLoadersAreAllowed() {
        assertThat(MultiplexedLoader.of(DefaultCapacity.class).orElseThrow().maxNumModelsPerReplica()).isEqualTo(3);
    }

    @Test
    void anInheritedLoaderIsFoundAndAnOverridingOneWins() {
        assertThat(MultiplexedLoader.of(Inherits.class).orElseThrow().display()).isEqualTo("Good.load");
        var overriding = MultiplexedLoader.of(Overrides.class).orElseThrow();
        assertThat(overriding.display()).isEqualTo("Overrides.load");
        assertThat(overriding.maxNumModelsPerReplica()).isEqualTo(5);
    }

    @Test
    void twoLoadersInOneClassAreRefused() {
        assertThatThrownBy(() -> MultiplexedLoader.of(TwoLoaders.class)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has 2 @Multiplexed methods").hasMessageContaining("TwoLoaders.a")
                .hasMessageContaining("TwoLoaders.b").hasMessageContaining("at most one method per class");
    }

    @Test
    void aLoaderMustTakeOneStringParameter() {
        assertThatThrownBy(() -> MultiplexedLoader.of(WrongParameter.class))
                .hasMessage("@Multiplexed method WrongParameter.load must take exactly one String parameter"
                        + " (the model id), takes (int)");
        assertThatThrownBy(() -> MultiplexedLoader.of(TwoParameters.class))
                .hasMessage("@Multiplexed method TwoParameters.load must take exactly one String parameter"
                        + " (the model id), takes (String, String)");
    }

    @Test
    void aLoaderMustReturnTheModel() {
        assertThatThrownBy(() -> MultiplexedLoader.of(ReturnsVoid.class))
                .hasMessage("@Multiplexed method ReturnsVoid.load must return the loaded model, returns void");
    }

    @Test
    void aLoaderMustBeAnInstanceMethod() {
        assertThatThrownBy(() -> MultiplexedLoader.of(StaticLoader.class))
                .hasMessage("@Multiplexed method StaticLoader.load must be an instance method, is static");
    }

    @Test
    void theCapacityMustBeAtLeastOne() {
        assertThatThrownBy(() -> MultiplexedLoader.of(ZeroCapacity.class))
                .hasMessage("max_num_models_per_replica must be >= 1, was 0 (on @Multiplexed method ZeroCapacity.load)");
    }
}
