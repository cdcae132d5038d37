package dev.trellis.serve.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.core.Resources;
import dev.trellis.serve.ApplicationStatus;
import dev.trellis.serve.DeploymentHandle;
import dev.trellis.serve.DeploymentUnavailableException;
import dev.trellis.serve.ReplicaState;
import dev.trellis.serve.Serve;
import dev.trellis.serve.ServeOptions;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ApplicationsTest extends ServeIntegrationTest {
    public static final class Echo {
        private final String prefix;

        public Echo(String prefix) {
            this.prefix = prefix;
        }

        public String echo(String s) {
            return prefix + s;
        }
    }

    @Override
    ServeOptions.Builder options() {
        return super.options().nodeResources(Resources.of(2, 1).withCustom("accelerator", 1));
    }

    @Test
    void severalApplicationsRunSideBySideAndOneCanBeDeleted() {
        DeploymentHandle<Echo> a = Serve.run(Serve.deployment(Echo.class).bind("a:"), "a", "/a");
        DeploymentHandle<Echo> b = Serve.run(Serve.deployment(Echo.class).bind("b:"), "b", "/b");
        assertThat(a.remote(Echo::echo, "x").result()).isEqualTo("a:x");
        assertThat(b.remote(Echo::echo, "x").result()).isEqualTo("b:x");

        Serve.delete("a");

        assertThat(Serve.status().applications()).containsOnlyKeys("b");
        assertThatThrownBy(() -> a.remote(Echo::echo, "x").result(Duration.ofSeconds(10)))
                .isInstanceOf(DeploymentUnavailableException.class);
        assertThat(b.remote(Echo::echo, "y").result()).isEqualTo("b:y");
    }

    @Test
    void twoApplicationsCannotShareARoutePrefix() {
        Serve.run(Serve.deployment(Echo.class).bind("a:"), "a", "/same");
        assertThatThrownBy(() -> Serve.run(Serve.deployment(Echo.class).bind("b:"), "b", "/same"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("route_prefix /same is already used by application 'a'");
    }

    @Test
    void aDeploymentThatDoesNotFitStaysPendingWithAClearMessage() {
        var app = Serve.deployment(Echo.class).options(o -> o.numCpus(4)).bind("big:");
        Serve.run(app, "big", null);

        var status = Serve.status().application("big");
        assertThat(status.status()).isEqualTo(ApplicationStatus.DEPLOYING);
        var d = status.deployments().get("Echo");
        assertThat(d.replicas()).singleElement().extracting(r -> r.state()).isEqualTo(ReplicaState.PENDING_ALLOCATION);
        assertThat(d.message()).contains("needs {CPU: 4, GPU: 0}").contains("free of {CPU: 2, GPU: 1, accelerator: 1}");
    }

    @Test
    void fractionalGpusAndCustomResourcesAreShared() {
        var app = Serve.deployment(Echo.class)
                .options(o -> o.numReplicas(2).numCpus(0.5).numGpus(0.5)
                        .resources(Resources.of(0.5, 0.5).withCustom("accelerator", 0.5)))
                .bind("gpu:");
        DeploymentHandle<Echo> h = Serve.run(app, "gpu", null);
        assertThat(h.remote(Echo::echo, "ok").result()).isEqualTo("gpu:ok");
        assertThat(deployment("gpu", "Echo").count(ReplicaState.RUNNING)).isEqualTo(2);
    }
}
