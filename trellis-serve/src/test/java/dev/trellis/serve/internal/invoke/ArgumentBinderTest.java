package dev.trellis.serve.internal.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.serve.Batch;
import dev.trellis.serve.InvalidInputException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ArgumentBinderTest {
    public record Point(double x, double y) {
        public Point {
            if (!Double.isFinite(x) || !Double.isFinite(y)) {
                throw new InvalidInputException("a point needs finite coordinates, was (" + x + ", " + y + ")");
            }
        }
    }

    public static final class Target {
        public String run(int part1, double part2, String operation) {
            return operation + part1 + part2;
        }

        public double average(List<? extends Number> values) {
            return values.stream().mapToDouble(Number::doubleValue).average().orElse(0);
        }

        public double norm(Point p) {
            return Math.hypot(p.x(), p.y());
        }

        public long widen(long value, Optional<String> label) {
            return value;
        }

        public int count(Map<String, List<Integer>> groups) {
            return groups.size();
        }

        public int length(String[] words) {
            return words.length;
        }

        @Batch
        public List<String> upper(List<String> items) {
            return items.stream().map(String::toUpperCase).toList();
        }
    }

    private static ArgumentBinder binder(String name) {
        return ArgumentBinder.of(Arrays.stream(Target.class.getMethods()).filter(m -> m.getName().equals(name))
                .findFirst().orElseThrow());
    }

    private static String failure(String method, Object... args) {
        try {
            binder(method).bind(args);
        } catch (InvalidInputException e) {
            return e.getMessage();
        }
        throw new AssertionError(method + Arrays.toString(args) + " was bound");
    }

    @Test
    void argumentsOfTheirDeclaredTypesPassAsTheyAre() {
        Object[] args = {1, 2.5, "sum"};
        assertThat(binder("run").bind(args)).isSameAs(args);
        Object[] numbers = {List.of(1, 2.5, 3L)};
        assertThat(binder("average").bind(numbers)).isSameAs(numbers);
        Object[] groups = {Map.of("a", List.of(1, 2))};
        assertThat(binder("count").bind(groups)).isSameAs(groups);
    }

    @Test
    void valuesOfAnotherTypeAreConvertedByTheStrictRules() {
        assertThat(binder("run").bind(new Object[] {1L, 2, "max"})).containsExactly(1, 2.0, "max");
        assertThat(binder("widen").bind(new Object[] {7, Optional.empty()})).containsExactly(7L, Optional.empty());
        assertThat(binder("norm").bind(new Object[] {Map.of("x", 3, "y", 4.0)})).containsExactly(new Point(3, 4));
        assertThat(binder("length").bind(new Object[] {List.of("a", "b")})[0]).isEqualTo(new String[] {"a", "b"});
    }

    @Test
    void aMismatchNamesTheMethodTheArgumentTheTypeExpectedAndWhatCame() {
        assertThat(failure("run", List.of(1, 2), 2.0, "sum"))
                .isEqualTo("Target.run argument 1 ('part1'): expected int, got a list [1, 2]");
        assertThat(failure("run", 5, "notalist", "sum"))
                .isEqualTo("Target.run argument 2 ('part2'): expected double, got a string \"notalist\"");
        assertThat(failure("run", 5, 1.0, 3))
                .isEqualTo("Target.run argument 3 ('operation'): expected String, got a number 3");
        assertThat(failure("run", 1.5, 1.0, "sum"))
                .isEqualTo("Target.run argument 1 ('part1'): expected int, got a number 1.5");
        assertThat(failure("run", null, 1.0, "sum"))
                .isEqualTo("Target.run argument 1 ('part1'): expected int, got null");
        assertThat(failure("run", 1, 1.0, true))
                .isEqualTo("Target.run argument 3 ('operation'): expected String, got a boolean true");
    }

    @Test
    void aWrongElementIsNamedByItsPosition() {
        assertThat(failure("average", List.of(1, "x")))
                .isEqualTo("Target.average argument 1 ('values'), at [1]: expected Number, got a string \"x\"");
        assertThat(failure("count", Map.of("a", List.of(1, "two"))))
                .isEqualTo("Target.count argument 1 ('groups'), at a[1]: expected Integer, got a string \"two\"");
        assertThat(failure("norm", Map.of("x", 1, "y", "far")))
                .startsWith("Target.norm argument 1 ('p'), at y: expected double, got a string \"far\"");
    }

    @Test
    void aNumberOutOfItsTypesRangeIsRefused() {
        assertThat(failure("run", 99_999_999_999L, 1.0, "sum"))
                .isEqualTo("Target.run argument 1 ('part1'): expected int, got a number 99999999999, which is out of its range");
        assertThat(failure("widen", new java.math.BigInteger("99999999999999999999999"), Optional.empty()))
                .contains("expected long, got a number 99999999999999999999999, which is out of its range");
    }

    @Test
    void aConstructorsOwnInvalidInputExceptionIsPassedOn() {
        assertThat(failure("norm", Map.of("x", 1, "y", Double.POSITIVE_INFINITY)))
                .isEqualTo("a point needs finite coordinates, was (1.0, Infinity)");
        assertThat(failure("norm", Map.of("x", 1)))
                .isEqualTo("Target.norm argument 1 ('p'), at y: missing (expected double)");
    }

    @Test
    void theWrongNumberOfArgumentsIsBadInput() {
        assertThat(failure("run", 1, 2.0)).isEqualTo("Target.run takes 3 argument(s), got 2");
    }

    @Test
    void aBatchMethodBindsItsOneItem() {
        assertThat(binder("upper").bind(new Object[] {"a"})).containsExactly("a");
        assertThat(failure("upper", List.of("a")))
                .isEqualTo("Target.upper argument 1 ('items'): expected String, got a list [\"a\"]");
    }

    @Test
    void aFunctionsInputIsBoundToWhatItReallyTakes() throws Exception {
        Method average = Target.class.getMethod("average", List.class);
        var input = ArgumentBinder.forFunction("avg_preprocessor", average.getGenericParameterTypes()[0]);
        Object[] ok = {List.of(1, 2)};
        assertThat(input.bind(ok)).isSameAs(ok);
        assertThatThrownBy(() -> input.bind(new Object[] {"notalist"})).isInstanceOf(InvalidInputException.class)
                .hasMessage("function deployment avg_preprocessor input: expected List<Number>, got a string \"notalist\"");
        assertThatThrownBy(() -> input.bind(new Object[] {List.of(1, List.of(2))}))
                .hasMessage("function deployment avg_preprocessor input, at [1]: expected Number, got a list [2]");
    }

    @Test
    void longOrDeepValuesAreEchoedShort() {
        var big = java.util.stream.IntStream.range(0, 10_000).boxed().toList();
        Object deep = "x";
        for (int i = 0; i < 200; i++) {
            deep = List.of(deep);
        }
        assertThat(failure("run", big, 1.0, "sum")).hasSizeLessThan(160).endsWith("...");
        assertThat(failure("run", deep, 1.0, "sum")).hasSizeLessThan(160).endsWith("...");
    }
}
