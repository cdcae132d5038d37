package dev.trellis.serve.internal.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.trellis.serve.Method0;
import dev.trellis.serve.Method1;
import org.junit.jupiter.api.Test;

/** Turning the method references users pass to {@code handle.remote(...)} into methods. */
class MethodRefsTest {

    public static class Base {
        public String describe() {
            return "base";
        }
    }

    public static final class Model extends Base {
        public String forward(String input) {
            return input;
        }

        public int size() {
            return 1;
        }

        public static String helper(Model self, String input) {
            return input;
        }
    }

    public interface Greeter {
        String greet(String name);
    }

    /** Something a bound reference can capture. */
    static final class Combiner {
        String combine(Model model, String input) {
            return input;
        }
    }

    public static final class Result {
        public Result(Model model, String input) {
        }
    }

    @Test
    void resolvesAnUnboundMethodReference() throws NoSuchMethodException {
        Method1<Model, String, String> ref = Model::forward;

        assertThat(MethodRefs.resolve(ref)).isEqualTo(Model.class.getMethod("forward", String.class));
    }

    @Test
    void resolvesAMethodWithoutArguments() throws NoSuchMethodException {
        Method0<Model, Integer> ref = Model::size;

        assertThat(MethodRefs.resolve(ref)).isEqualTo(Model.class.getMethod("size"));
    }

    @Test
    void resolvesAMethodInheritedFromASuperclass() throws NoSuchMethodException {
        Method0<Model, String> ref = Model::describe;

        assertThat(MethodRefs.resolve(ref)).isEqualTo(Base.class.getMethod("describe"));
    }

    @Test
    void resolvesAnInterfaceMethod() throws NoSuchMethodException {
        Method1<Greeter, String, String> ref = Greeter::greet;

        assertThat(MethodRefs.resolve(ref)).isEqualTo(Greeter.class.getMethod("greet", String.class));
    }

    @Test
    void resolvingTheSameReferenceTwiceGivesTheSameMethod() {
        Method1<Model, String, String> ref = Model::forward;

        assertThat(MethodRefs.resolve(ref)).isSameAs(MethodRefs.resolve(ref));
    }

    @Test
    void rejectsALambdaNamingTheExpectedForm() {
        Method1<Model, String, String> lambda = (model, input) -> model.forward(input);

        assertThatIllegalArgumentException().isThrownBy(() -> MethodRefs.resolve(lambda))
                .withMessageContaining("unbound method reference")
                .withMessageContaining("such as Model::forward")
                .withMessageContaining("got a lambda or bound reference");
    }

    @Test
    void rejectsABoundReference() {
        var combiner = new Combiner();
        Method1<Model, String, String> bound = combiner::combine;

        assertThatIllegalArgumentException().isThrownBy(() -> MethodRefs.resolve(bound))
                .withMessageContaining("got a lambda or bound reference")
                .withMessageContaining("combine");
    }

    @Test
    void rejectsAStaticMethodReference() {
        Method1<Model, String, String> ref = Model::helper;

        assertThatIllegalArgumentException().isThrownBy(() -> MethodRefs.resolve(ref))
                .withMessage("handle calls take an instance method reference (Model::forward); helper is a static"
                        + " method or constructor");
    }

    @Test
    void rejectsAConstructorReference() {
        Method1<Model, String, Result> ref = Result::new;

        assertThatIllegalArgumentException().isThrownBy(() -> MethodRefs.resolve(ref))
                .withMessageContaining("is a static method or constructor");
    }
}
