package dev.trellis.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.serve.internal.multiplex.ModelCallScope;
import dev.trellis.serve.internal.multiplex.MultiplexedModels;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Multiplexing} without a Serve runtime: an instance registered as a replica would
 * register it, calls run in a {@link ModelCallScope} as a replica runs them.
 */
class MultiplexingApiTest {
    public static final class Translator {
        final List<String> loads = new ArrayList<>();
        final List<String> idsSeenByTheLoader = new ArrayList<>();

        @Multiplexed(maxNumModelsPerReplica = 2)
        public String load(String language) {
            loads.add(language);
            idsSeenByTheLoader.add(Multiplexing.modelId());
            return "dictionary(" + language + ")";
        }

        public String notALoader(String language) {
            return language;
        }

        public String translate(String word) {
            return Multiplexing.model(this, Translator::load) + ":" + word;
        }
    }

    public static final class Other {
        @Multiplexed
        public String load(String id) {
            return id;
        }
    }

    public static final class PrivateLoader {
        @Multiplexed
        private String load(String id) {
            return "private " + id;
        }

        public String use(String id) {
            return Multiplexing.model(this, PrivateLoader::load, id);
        }
    }

    private final Translator translator = new Translator();

    @AfterEach
    void forget() {
        MultiplexedModels.closeAndForget(translator);
    }

    private void register() {
        MultiplexedModels.register(translator, Runnable::run, (version, ids) -> { });
    }

    @Test
    void theCallsModelIdIsVisibleInsideTheCall() throws Exception {
        assertThat(ModelCallScope.call("fr", Multiplexing::modelId)).isEqualTo("fr");
        assertThat(ModelCallScope.call("fr", Multiplexing::findModelId)).contains("fr");
        assertThat(ModelCallScope.call(null, Multiplexing::findModelId)).isEmpty();
    }

    @Test
    void aCallWithoutAModelIdGetsAnErrorSayingHowToSetIt() {
        assertThatThrownBy(() -> ModelCallScope.call(null, Multiplexing::modelId))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("this call has no multiplexed model id")
                .hasMessageContaining("handle.options(o -> o.multiplexedModelId(\"...\"))")
                .hasMessageContaining("serve_multiplexed_model_id")
                .hasMessageContaining("not passed on to nested handle calls");
    }

    @Test
    void outsideACallTheModelIdIsAnIllegalState() {
        assertThatThrownBy(Multiplexing::modelId).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Multiplexing.modelId() was called outside a deployment call");
        assertThatThrownBy(Multiplexing::findModelId).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theIdIsNotVisibleInThreadsTheCallStarts() throws Exception {
        var seen = new java.util.concurrent.atomic.AtomicReference<Throwable>();
        ModelCallScope.call("fr", () -> {
            Thread t = Thread.ofVirtual().start(() -> {
                try {
                    Multiplexing.modelId();
                } catch (RuntimeException e) {
                    seen.set(e);
                }
            });
            t.join();
            return null;
        });
        assertThat(seen.get()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theModelIsLoadedOnceThroughTheCacheForTheCallsId() throws Exception {
        register();

        assertThat(ModelCallScope.call("fr", () -> translator.translate("chat"))).isEqualTo("dictionary(fr):chat");
        assertThat(ModelCallScope.call("fr", () -> translator.translate("chien"))).isEqualTo("dictionary(fr):chien");
        assertThat(ModelCallScope.call("de", () -> translator.translate("Hund"))).isEqualTo("dictionary(de):Hund");

        assertThat(translator.loads).containsExactly("fr", "de");
        assertThat(MultiplexedModels.of(translator).cache().modelIds()).containsExactly("fr", "de");
    }

    @Test
    void anExplicitIdNeedsNoCallScope() {
        register();

        assertThat(Multiplexing.model(translator, Translator::load, "it")).isEqualTo("dictionary(it)");
    }

    @Test
    void theLoaderSeesItsModelIdAsTheCurrentOne() throws Exception {
        register();
        ModelCallScope.call("fr", () -> Multiplexing.model(translator, Translator::load, "es"));
        assertThat(translator.idsSeenByTheLoader).containsExactly("es");
    }

    @Test
    void aPrivateLoaderWorks() {
        var instance = new PrivateLoader();
        MultiplexedModels.register(instance, Runnable::run, (version, ids) -> { });
        try {
            assertThat(instance.use("x")).isEqualTo("private x");
        } finally {
            MultiplexedModels.closeAndForget(instance);
        }
    }

    @Test
    void anInstanceThatIsNotARunningReplicaIsAnIllegalState() {
        assertThatThrownBy(() -> Multiplexing.model(new Translator(), Translator::load, "fr"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("this Translator is not a running replica")
                .hasMessageContaining("not the constructor");
    }

    @Test
    void theLoaderMustBeAMethodReferenceToTheMultiplexedMethod() {
        register();
        assertThatThrownBy(() -> Multiplexing.model(translator, Translator::notALoader, "fr"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Translator::notALoader is not annotated @Multiplexed; annotate the loader method with"
                        + " @Multiplexed(maxNumModelsPerReplica = ...)");
        assertThatThrownBy(() -> Multiplexing.model(translator, (Translator t, String id) -> t.load(id), "fr"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Multiplexing.model takes a method reference to the @Multiplexed loader");
    }

    @Test
    void anotherClassesLoaderIsRefused() {
        register();
        @SuppressWarnings({"unchecked", "rawtypes"})
        ModelLoader<Translator, String> foreign = (ModelLoader) (ModelLoader<Other, String>) Other::load;
        assertThatThrownBy(() -> Multiplexing.model(translator, foreign, "fr"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Other::load is not the @Multiplexed loader of Translator (Translator.load is)");
    }

    @Test
    void anInvalidExplicitIdIsRefusedNamingTheOption() {
        register();
        assertThatThrownBy(() -> Multiplexing.model(translator, Translator::load, " "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("multiplexed_model_id must not be blank, was ' '");
    }
}
