package dev.trellis.serve.internal.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.serve.ServeFunction;
import java.util.List;
import org.junit.jupiter.api.Test;

class FunctionTypesTest {
    static double average(List<? extends Number> values) {
        return values.stream().mapToDouble(Number::doubleValue).average().orElse(0);
    }

    static final class Lengths implements ServeFunction<List<String>, Integer> {
        @Override
        public Integer apply(List<String> input) {
            return input.size();
        }
    }

    @Test
    void aStaticMethodReferenceKeepsItsGenericParameterType() {
        ServeFunction<List<Number>, Double> fn = FunctionTypesTest::average;
        assertThat(FunctionTypes.inputType(fn).getTypeName()).isEqualTo("java.util.List<? extends java.lang.Number>");
        assertThat(FunctionTypes.outputType(fn)).isEqualTo(Double.class);
    }

    @Test
    void aClassGivesItsTypeArgumentsAndALambdaItsErasure() {
        assertThat(FunctionTypes.inputType(new Lengths()).getTypeName()).isEqualTo("java.util.List<java.lang.String>");
        ServeFunction<List<Integer>, Integer> lambda = xs -> xs.size();
        assertThat(FunctionTypes.inputType(lambda)).isEqualTo(List.class);
    }
}
