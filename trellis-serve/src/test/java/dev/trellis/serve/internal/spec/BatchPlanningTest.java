package dev.trellis.serve.internal.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.trellis.serve.Batch;
import dev.trellis.serve.DeploymentHandle;
import dev.trellis.serve.Serve;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The planner's checks of {@code @Batch} methods, made before anything is deployed. */
class BatchPlanningTest {
    private final Logger log = (Logger) LoggerFactory.getLogger(ApplicationPlanner.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    public static final class Model {
        @Batch(maxBatchSize = 8)
        public List<String> predict(List<String> inputs) {
            return inputs;
        }
    }

    public static final class Ingress {
        public Ingress(DeploymentHandle<Model> model) {
        }
    }

    public static final class WrongShape {
        @Batch
        public String predict(String input) {
            return input;
        }
    }

    @BeforeEach
    void capture() {
        logged.start();
        log.addAppender(logged);
    }

    @AfterEach
    void release() {
        log.detachAppender(logged);
    }

    private List<String> warnings() {
        return logged.list.stream().filter(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN)
                .map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void aBatchMethodOfTheWrongShapeFailsPlanningNamingTheMethod() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ApplicationPlanner.plan(Serve.deployment(WrongShape.class).bind(), "app", null))
                .withMessageContaining("@Batch method " + WrongShape.class.getName() + ".predict has the wrong shape:"
                        + " it takes (String)");
    }

    @Test
    void maxOngoingRequestsBelowMaxBatchSizeIsWarnedOncePerDeployment() {
        var model = Serve.deployment(Model.class).options(o -> o.maxOngoingRequests(4));

        ApplicationPlanner.plan(Serve.deployment(Ingress.class).bind(model.bind()), "app", null);

        assertThat(warnings()).singleElement().asString()
                .startsWith("deployment 'Model': @Batch method Model.predict has max_batch_size=8 but"
                        + " max_ongoing_requests=4")
                .contains("Set max_ongoing_requests to at least 8");
    }

    @Test
    void enoughMaxOngoingRequestsIsNotWarned() {
        ApplicationPlanner.plan(Serve.deployment(Model.class).options(o -> o.maxOngoingRequests(8)).bind(), "app", null);

        assertThat(warnings()).isEmpty();
    }
}
