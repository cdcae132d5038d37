package dev.trellis.serve.internal.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

import dev.trellis.serve.Application;
import dev.trellis.serve.DeploymentHandle;
import dev.trellis.serve.Serve;
import dev.trellis.serve.ServeFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Planning applications built with the public API ({@code Serve.deployment(X.class).bind(...)}):
 * naming, flattening the bind tree, and the checks made before anything is deployed.
 */
class ApplicationPlannerTest {

    public static final class Model {
        public Model(int size) {
        }

        public Model(String name, double scale) {
        }
    }

    public static final class Pair {
        public Pair(DeploymentHandle<Model> first, DeploymentHandle<Model> second) {
        }
    }

    public static final class Wrapper {
        public Wrapper(DeploymentHandle<Model> model) {
        }
    }

    public static final class Named {
        public Named(String name) {
        }
    }

    static final class Hidden {
        public Hidden() {
        }
    }

    // ---- flattening the bind tree ----

    @Test
    void ingressIsTheRootOfTheBindTree() {
        var spec = plan(Serve.deployment(Wrapper.class).bind(Serve.deployment(Model.class).bind(1)));

        assertThat(spec.ingressName()).isEqualTo("Wrapper");
        assertThat(spec.ingress().userClass()).isEqualTo(Wrapper.class);
    }

    @Test
    void dependenciesComeBeforeTheDeploymentsThatUseThem() {
        var spec = plan(Serve.deployment(Wrapper.class).bind(Serve.deployment(Model.class).bind(1)));

        assertThat(spec.deployments().keySet()).containsExactly("Model", "Wrapper");
    }

    @Test
    void boundChildIsPassedAsAHandleReference() {
        var spec = plan(Serve.deployment(Wrapper.class).bind(Serve.deployment(Model.class).bind(1)));

        assertThat(spec.ingress().initArgs()).containsExactly(new HandleRef("calc", "Model", Model.class));
    }

    @Test
    void plainArgumentsAndConfigAreCarriedIntoTheSpec() {
        var app = Serve.deployment(Model.class).options(o -> o.numReplicas(3)).bind("bert", 0.5);

        var model = plan(app).ingress();

        assertThat(model.initArgs()).containsExactly("bert", 0.5);
        assertThat(model.config().numReplicas()).isEqualTo(3);
        assertThat(model.applicationName()).isEqualTo("calc");
    }

    @Test
    void differentApplicationsWithTheSameNameGetSuffixes() {
        var model = Serve.deployment(Model.class);

        var spec = plan(Serve.deployment(Pair.class).bind(model.bind(1), model.bind(2)));

        assertThat(spec.deployments().keySet()).containsExactly("Model", "Model_1", "Pair");
        assertThat(spec.deployments().get("Model").initArgs()).containsExactly(1);
        assertThat(spec.deployments().get("Model_1").initArgs()).containsExactly(2);
        assertThat(spec.ingress().initArgs()).extracting(a -> ((HandleRef) a).deploymentName())
                .containsExactly("Model", "Model_1");
    }

    @Test
    void equalButSeparatelyBoundApplicationsAreTwoDeployments() {
        var model = Serve.deployment(Model.class);

        var spec = plan(Serve.deployment(Pair.class).bind(model.bind(1), model.bind(1)));

        assertThat(spec.deployments()).containsOnlyKeys("Model", "Model_1", "Pair");
    }

    @Test
    void sameApplicationObjectBoundTwiceIsOneDeployment() {
        Application<Model> shared = Serve.deployment(Model.class).bind(1);

        var spec = plan(Serve.deployment(Pair.class).bind(shared, shared));

        assertThat(spec.deployments()).containsOnlyKeys("Model", "Pair");
        assertThat(spec.ingress().initArgs()).containsExactly(new HandleRef("calc", "Model", Model.class),
                new HandleRef("calc", "Model", Model.class));
    }

    @Test
    void functionDeploymentIsPlannedWithItsFunction() {
        ServeFunction<String, String> echo = s -> s;

        var spec = plan(Serve.function("echo", echo).bind());

        assertThat(spec.ingress().function()).isSameAs(echo);
        assertThat(spec.ingress().userClass()).isEqualTo(ServeFunction.class);
    }

    // ---- constructor checks ----

    @Test
    void nullArgumentMatchesAReferenceParameter() {
        assertThatNoException().isThrownBy(() -> plan(Serve.deployment(Named.class).bind((Object) null)));
    }

    @Test
    void argumentsMatchingNoConstructorAreRejectedNamingClassArgumentsAndConstructors() {
        var app = Serve.deployment(Model.class).bind(true);

        assertThatIllegalArgumentException().isThrownBy(() -> plan(app))
                .withMessageContaining(Model.class.getName())
                .withMessageContaining("(Boolean)")
                .withMessageContaining("Model(int)")
                .withMessageContaining("Model(String, double)");
    }

    @Test
    void wrongNumberOfArgumentsIsRejected() {
        var app = Serve.deployment(Model.class).bind("bert");

        assertThatIllegalArgumentException().isThrownBy(() -> plan(app))
                .withMessageContaining("accepts the bound arguments (String)");
    }

    @Test
    void nullArgumentForAPrimitiveParameterIsRejected() {
        var app = Serve.deployment(Model.class).bind((Object) null);

        assertThatIllegalArgumentException().isThrownBy(() -> plan(app))
                .withMessageContaining("(null)");
    }

    @Test
    void boundDeploymentWhereAPlainValueIsExpectedIsRejectedNamingTheHandle() {
        var app = Serve.deployment(Model.class).bind(Serve.deployment(Named.class).bind("x"));

        assertThatIllegalArgumentException().isThrownBy(() -> plan(app))
                .withMessageContaining("(DeploymentHandle<Named>)");
    }

    @Test
    void unboundDeploymentPassedAsArgumentIsRejectedWithAHint() {
        var app = Serve.deployment(Wrapper.class).bind(Serve.deployment(Model.class));

        assertThatIllegalArgumentException().isThrownBy(() -> plan(app))
                .withMessage("deployment Model is passed to Wrapper without bind(...); pass Model.bind(...) instead");
    }

    @Test
    void nonPublicDeploymentClassIsRejected() {
        var app = Serve.deployment(Hidden.class).bind();

        assertThatIllegalArgumentException().isThrownBy(() -> plan(app))
                .withMessage("deployment class " + Hidden.class.getName() + " must be public");
    }

    @Test
    void functionDeploymentWithBoundArgumentsIsRejected() {
        var app = Serve.function("echo", (String s) -> s).bind("extra");

        assertThatIllegalArgumentException().isThrownBy(() -> plan(app))
                .withMessage("function deployment echo takes no bound arguments, got 1");
    }

    // ---- names and route prefixes ----

    @ParameterizedTest
    @ValueSource(strings = {"calc", "/calc/", "/calc/{id}", ""})
    void invalidRoutePrefixIsRejectedShowingTheValue(String prefix) {
        var app = Serve.deployment(Model.class).bind(1);

        assertThatIllegalArgumentException().isThrownBy(() -> ApplicationPlanner.plan(app, "calc", prefix))
                .withMessageStartingWith("route_prefix must ")
                .withMessageEndingWith("was \"" + prefix + "\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/calc", "/api/v1/calc"})
    void validRoutePrefixIsAccepted(String prefix) {
        var app = Serve.deployment(Model.class).bind(1);

        assertThat(ApplicationPlanner.plan(app, "calc", prefix).routePrefix()).isEqualTo(prefix);
    }

    @Test
    void nullRoutePrefixMeansNoRoute() {
        var app = Serve.deployment(Model.class).bind(1);

        assertThat(ApplicationPlanner.plan(app, "calc", null).routePrefix()).isNull();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  ", "my#app"})
    void invalidApplicationNameIsRejectedShowingTheValue(String name) {
        var app = Serve.deployment(Model.class).bind(1);

        assertThatIllegalArgumentException().isThrownBy(() -> ApplicationPlanner.plan(app, name, "/"))
                .withMessage("application name must be non-blank without '#', was '" + name + "'");
    }

    @Test
    void nullApplicationIsRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> ApplicationPlanner.plan(null, "calc", "/"))
                .withMessage("application must not be null");
    }

    private static ApplicationSpec plan(Application<?> app) {
        return ApplicationPlanner.plan(app, "calc", "/calc");
    }
}
