package dev.trellis.models.internal.xgboost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.models.ModelLoadException;
import org.junit.jupiter.api.Test;

/** The OpenMP thread count of predictions, {@value XGBoostRuntime#NTHREAD_PROPERTY}. */
class XGBoostThreadsTest {

    @Test
    void oneThreadUnlessThePropertySaysOtherwise() {
        assertThat(XGBoostRuntime.nthread(null, "m.json")).isEqualTo(1);
        assertThat(XGBoostRuntime.nthread(" 4 ", "m.json")).isEqualTo(4);
    }

    @Test
    void aMalformedOrNonPositiveValueIsNamedWithTheProperty() {
        assertThatThrownBy(() -> XGBoostRuntime.nthread("0", "/models/m.json"))
                .isInstanceOf(ModelLoadException.class)
                .hasMessage("cannot load XGBoost model /models/m.json: trellis.xgboost.nthread must be an integer >= 1,"
                        + " was '0'");
        assertThatThrownBy(() -> XGBoostRuntime.nthread("all", "/models/m.json"))
                .hasMessageEndingWith("must be an integer >= 1, was 'all'");
    }
}
