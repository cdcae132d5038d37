package dev.trellis.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** The core scenario's report from the figures its benchmark prints (the benchmark itself is not run here). */
class CoreScenarioTest {
    @Test
    void reportsRatiosTargetsAndRaysFiguresBeside() throws Exception {
        ObjectNode figures = (ObjectNode) new ObjectMapper().readTree("""
                {"cores":2,"batch":1000,"warm_up_s":1,"phase_s":2,"node_cpus":2.0,"get_returns_same_instance":true,
                 "comparisons":[
                  {"measure":"empty tasks (num_cpus=1)","ray_metric":"single_client_tasks_async",
                   "trellis":{"target":"Trellis task, num_cpus=1","per_second":50000,"platform_threads_started":19},
                   "baseline":{"target":"pool","per_second":10000000,"platform_threads_started":9},"throughput_ratio":0.005},
                  {"measure":"1:1 actor call round trip","ray_metric":"1_1_actor_calls_sync",
                   "trellis":{"target":"Trellis actor call","per_second":18000,"platform_threads_started":20,"p50_us":35.7,"p99_us":688},
                   "baseline":{"target":"single thread","per_second":144000,"platform_threads_started":20,"p50_us":4.6,"p99_us":33},
                   "throughput_ratio":0.125,"p50_ratio":7.76,"p99_ratio":20.8}]}
                """);

        ScenarioResult result = CoreScenario.report(figures);

        assertThat(result.markdown())
                .contains("| empty tasks (num_cpus=1) | `single_client_tasks_async` | pool | 10000000 |")
                .contains("|  |  | Trellis task, num_cpus=1 | 50000 |  |  | 19 | 0.005x |  |")
                .contains("|  |  | Trellis actor call | 18000 | 35.7 | 688.0 | 20 | 0.13x | 7.76x |")
                .contains("Empty tasks embedded (num_cpus=1, 1000 submitted then all gotten) >= 10,000/s: **met** (50,000/s)")
                .contains("no copy), also as a task's argument: **met**")
                .contains("| `single_client_tasks_async` | 8,041 | 50,000 |")
                .contains("| `multi_client_tasks_async` | 21,230 | not measured |")
                .contains("m5.16xlarge", "ray-project/ray#54632");
        assertThat(figures.at("/targets/tasks_met").asBoolean()).isTrue();
        assertThat(figures.at("/ray_reference/per_second/1_1_actor_calls_sync").asDouble()).isEqualTo(2011.916260420167);
    }

    @Test
    void missesTheTaskTargetBelowTenThousandPerSecond() throws Exception {
        ObjectNode figures = (ObjectNode) new ObjectMapper().readTree("""
                {"cores":2,"batch":1000,"warm_up_s":1,"phase_s":2,"node_cpus":2.0,"get_returns_same_instance":false,
                 "comparisons":[{"measure":"m","ray_metric":"single_client_tasks_async",
                   "trellis":{"target":"Trellis task, num_cpus=1","per_second":9000,"platform_threads_started":1},
                   "baseline":{"target":"pool","per_second":90000,"platform_threads_started":1},"throughput_ratio":0.1}]}
                """);

        String md = CoreScenario.report(figures).markdown();

        assertThat(md).contains(">= 10,000/s: **not met** (9,000/s)", "task's argument: **not met**");
    }
}
