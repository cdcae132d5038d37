package dev.trellis.serve.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.serve.DeploymentHandle;
import dev.trellis.serve.DeploymentResponse;
import dev.trellis.serve.RequestCancelledException;
import dev.trellis.serve.RequestTimeoutException;
import dev.trellis.serve.Serve;
import dev.trellis.serve.ServeFunction;
import dev.trellis.serve.UserCodeException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class HandleCallsTest extends ServeIntegrationTest {
    static final CountDownLatch SLOW_STARTED = new CountDownLatch(1);
    static final AtomicBoolean SLOW_INTERRUPTED = new AtomicBoolean();

    public record Point(double x, double y) {
    }

    public static final class Geometry {
        public Point scale(Point p, double factor) {
            return new Point(p.x() * factor, p.y() * factor);
        }

        public double norm(Point p) {
            return Math.sqrt(p.x() * p.x() + p.y() * p.y());
        }

        public List<Point> corners(double size) {
            return List.of(new Point(0, 0), new Point(size, size));
        }

        public java.util.UUID id(String name) {
            return java.util.UUID.nameUUIDFromBytes(name.getBytes());
        }

        public Object idAsObject(String name) {
            return id(name);
        }

        public double divide(double a, double b) {
            if (b == 0) {
                throw new IllegalArgumentException("division by zero: " + a + " / " + b);
            }
            return a / b;
        }

        public String slow() throws InterruptedException {
            SLOW_STARTED.countDown();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                SLOW_INTERRUPTED.set(true);
                throw e;
            }
            return "never";
        }
    }

    @Test
    void recordsAndGenericListsTravelBothWays() {
        DeploymentHandle<Geometry> geo = Serve.run(Serve.deployment(Geometry.class).bind(), "geo", null);
        assertThat(geo.remote(Geometry::scale, new Point(1, 2), 3.0).result()).isEqualTo(new Point(3, 6));
        assertThat(geo.remote(Geometry::corners, 2.0).result()).containsExactly(new Point(0, 0), new Point(2, 2));
    }

    @Test
    void uuidsTravelAsUuidsWhenDeclaredAndAsTextWhenTheDeclaredTypeIsObject() {
        DeploymentHandle<Geometry> geo = Serve.run(Serve.deployment(Geometry.class).bind(), "geo", null);
        var expected = java.util.UUID.nameUUIDFromBytes("x".getBytes());
        assertThat(geo.remote(Geometry::id, "x").result()).isEqualTo(expected);
        // A value typed Object carries no Java type across a node boundary: it arrives as its JSON form.
        Object untyped = geo.remote(Geometry::idAsObject, "x").result();
        assertThat(untyped.toString()).isEqualTo(expected.toString());
    }

    @Test
    void aResponsePassedAsAnArgumentIsResolvedWithoutTheCallerWaiting() {
        DeploymentHandle<Geometry> geo = Serve.run(Serve.deployment(Geometry.class).bind(), "geo", null);
        DeploymentResponse<Point> scaled = geo.remote(Geometry::scale, new Point(3, 4), 2.0);
        DeploymentResponse<Double> norm = geo.remote(Geometry::norm, scaled);
        assertThat(norm.result()).isEqualTo(10.0);
    }

    @Test
    void aFailedUpstreamResponseFailsTheCallThatDependsOnIt() {
        DeploymentHandle<Geometry> geo = Serve.run(Serve.deployment(Geometry.class).bind(), "geo", null);
        DeploymentResponse<Double> bad = geo.remote(Geometry::divide, 1.0, 0.0);
        DeploymentResponse<Double> dependent = geo.remote(Geometry::divide, bad, 2.0);
        assertThatThrownBy(dependent::result).isInstanceOf(UserCodeException.class)
                .hasMessageContaining("division by zero");
    }

    @Test
    void aUserExceptionReachesTheCallerWithItsTypeAndMessage() {
        DeploymentHandle<Geometry> geo = Serve.run(Serve.deployment(Geometry.class).bind(), "geo", null);
        assertThatThrownBy(() -> geo.remote(Geometry::divide, 1.0, 0.0).result())
                .isInstanceOfSatisfying(UserCodeException.class, e -> {
                    assertThat(e.exceptionType()).isEqualTo("java.lang.IllegalArgumentException");
                    assertThat(e.invalidInput()).isFalse();
                    assertThat(e.userMessage()).isEqualTo("division by zero: 1.0 / 0.0");
                });
    }

    /** Calls Geometry through a handle and lets its failures through, as a composing deployment does. */
    public static final class Relay {
        private final DeploymentHandle<Geometry> geo;

        public Relay(DeploymentHandle<Geometry> geo) {
            this.geo = geo;
        }

        public double divide(double a, double b) {
            return geo.remote(Geometry::divide, a, b).result();
        }
    }

    @Test
    void aUserExceptionPassedOnByAComposingDeploymentKeepsItsTypeAndMessage() {
        DeploymentHandle<Relay> relay = Serve.run(
                Serve.deployment(Relay.class).bind(Serve.deployment(Geometry.class).bind()), "relay", null);
        assertThatThrownBy(() -> relay.remote(Relay::divide, 1.0, 0.0).result())
                .isInstanceOfSatisfying(UserCodeException.class, e -> {
                    assertThat(e.exceptionType()).isEqualTo("java.lang.IllegalArgumentException");
                    assertThat(e.userMessage()).isEqualTo("division by zero: 1.0 / 0.0");
                });
    }

    @Test
    void responsesAreCompletionStages() throws Exception {
        DeploymentHandle<Geometry> geo = Serve.run(Serve.deployment(Geometry.class).bind(), "geo", null);
        var stage = geo.remote(Geometry::norm, new Point(6, 8)).toCompletionStage();
        assertThat(stage.toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo(10.0);
    }

    @Test
    void cancellingARunningCallInterruptsItOnTheReplica() throws Exception {
        DeploymentHandle<Geometry> geo = Serve.run(Serve.deployment(Geometry.class).bind(), "geo", null);
        DeploymentResponse<String> slow = geo.remote(Geometry::slow);
        assertThat(SLOW_STARTED.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(slow.cancel()).isTrue();

        assertThatThrownBy(slow::result).isInstanceOf(RequestCancelledException.class);
        eventually(() -> assertThat(SLOW_INTERRUPTED).isTrue());
        assertThat(geo.remote(Geometry::norm, new Point(3, 4)).result()).isEqualTo(5.0);
    }

    @Test
    void resultWithATimeoutThrowsATypedErrorAndTheCallCanStillBeCancelled() {
        DeploymentHandle<Geometry> geo = Serve.run(Serve.deployment(Geometry.class).bind(), "geo", null);
        DeploymentResponse<String> slow = geo.remote(Geometry::slow);
        assertThatThrownBy(() -> slow.result(Duration.ofMillis(100))).isInstanceOf(RequestTimeoutException.class)
                .hasMessageContaining("Geometry.slow");
        assertThat(slow.cancel()).isTrue();
    }

    @Test
    void aMethodOfAnotherClassIsRejectedBeforeAnythingIsSent() {
        DeploymentHandle<Geometry> geo = Serve.run(Serve.deployment(Geometry.class).bind(), "geo", null);
        @SuppressWarnings({"unchecked", "rawtypes"})
        DeploymentHandle<String> wrong = (DeploymentHandle) geo;
        assertThatThrownBy(() -> wrong.remote(String::length))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("String::length is not a method of deployment Geometry");
    }

    @Test
    void functionDeploymentsAreCalledLikeClasses() {
        DeploymentHandle<ServeFunction<Integer, Integer>> doubler =
                Serve.run(Serve.function("doubler", (Integer x) -> x * 2).bind(), "fn", null);
        assertThat(doubler.remote(ServeFunction::apply, 21).result()).isEqualTo(42);
    }

    @Test
    void functionDeploymentsReceiveTheirRealInputTypeEvenAfterSerialization() {
        DeploymentHandle<ServeFunction<Point, Double>> area =
                Serve.run(Serve.function("area", (Point p) -> p.x() * p.y()).bind(), "area", null);
        assertThat(area.remote(ServeFunction::apply, new Point(2, 3)).result()).isEqualTo(6.0);
    }

    @Test
    void handlesWorkFromPlatformThreads() throws Exception {
        DeploymentHandle<Geometry> geo = Serve.run(Serve.deployment(Geometry.class).bind(), "geo", null);
        var result = new java.util.concurrent.CompletableFuture<Double>();
        Thread platform = Thread.ofPlatform().start(() -> result.complete(geo.remote(Geometry::norm, new Point(5, 12)).result()));
        platform.join(10_000);
        assertThat(result.get(1, TimeUnit.SECONDS)).isEqualTo(13.0);
    }
}
