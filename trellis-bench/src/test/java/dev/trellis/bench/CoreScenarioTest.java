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
    void reportsTheTwoJvmFiguresAgainstRawTcpAndEmbedded() throws Exception {
        ObjectNode figures = (ObjectNode) new ObjectMapper().readTree("""
                {"cores":2,"batch":1000,"warm_up_s":1,"phase_s":2,"node_cpus":2.0,"get_returns_same_instance":true,
                 "comparisons":[
                  {"measure":"empty tasks (num_cpus=1)","ray_metric":"single_client_tasks_async",
                   "trellis":{"target":"Trellis task, num_cpus=1","per_second":50000,"platform_threads_started":0},
                   "baseline":{"target":"pool","per_second":10000000,"platform_threads_started":0},"throughput_ratio":0.005},
                  {"measure":"empty tasks (num_cpus=0)","ray_metric":"single_client_tasks_async",
                   "trellis":{"target":"Trellis task, num_cpus=0","per_second":80000,"platform_threads_started":0},
                   "baseline":{"target":"pool","per_second":10000000,"platform_threads_started":0},"throughput_ratio":0.008}],
                 "across_jvms":{"cores":2,"batch":1000,"warm_up_s":1,"phase_s":2,"payload_bytes":1073741824,
                   "transfers_per_direction":1,"heap":"-Xms6g -Xmx6g","object_store_bytes":4294967296,
                   "comparisons":[
                    {"measure":"empty tasks across JVMs, 17 submitted then all gotten (num_cpus=1)",
                     "ray_metric":"single_client_tasks_async","batch":17,
                     "trellis":{"target":"Trellis task on the other JVM, num_cpus=1","per_second":9,"platform_threads_started":0},
                     "baseline":{"target":"raw TCP: 1000 echoed 16-byte frames","per_second":150000,"platform_threads_started":0},
                     "throughput_ratio":0.00006},
                    {"measure":"empty tasks across JVMs, 1000 submitted then all gotten (num_cpus=0)",
                     "ray_metric":"single_client_tasks_async","batch":1000,
                     "trellis":{"target":"Trellis task on the other JVM, num_cpus=0","per_second":8000,"platform_threads_started":3},
                     "baseline":{"target":"raw TCP: 1000 echoed 16-byte frames","per_second":160000,"platform_threads_started":0},
                     "throughput_ratio":0.05}],
                   "actor_calls":{"actor_node":"ndriver","measured":false,"reason":"the actor runs on node ndriver, this driver"},
                   "transfers":[
                    {"direction":"head to driver (a task's return value)","bytes":1073741824,
                     "trellis":{"target":"Trellis: a task on the head returns it","gb_per_s":0.6,"seconds":[1.79],"warm_up_seconds":[9.5,3.1]},
                     "baseline":{"target":"raw TCP","gb_per_s":2.0,"seconds":[0.54]},"throughput_ratio":0.3},
                    {"direction":"driver to head (a task's argument)","bytes":1073741824,
                     "trellis":{"target":"Trellis: put here","gb_per_s":1.2,"seconds":[0.89]},
                     "baseline":{"target":"raw TCP","gb_per_s":2.0,"seconds":[0.54]},"throughput_ratio":0.6}]}}
                """);

        ScenarioResult result = CoreScenario.report(figures);

        assertThat(result.markdown())
                .contains("### Across two JVMs")
                .contains("|  |  | Trellis task on the other JVM, num_cpus=0 | 8000 |  |  | 3 | 0.050x |  | 0.10x |")
                .contains("|  |  | Trellis task on the other JVM, num_cpus=1 | 9 |  |  | 0 | 0.000x |  | 0.000x |")
                .contains("| head to driver (a task's return value) | raw TCP | 2.00 | 0.54 |  | 1.00x |")
                .contains("|  | Trellis: a task on the head returns it | 0.60 | 1.79 | 9.50, 3.10 | 0.30x |")
                .contains("1024 MiB moved between the two JVMs, both ways, >= 0.5x a raw TCP copy between them: "
                        + "**not met** (0.30x head to driver, 0.60x driver to head)")
                .contains("1:1 actor calls across JVMs (`1_1_actor_calls_sync`, `1_1_actor_calls_async`): not measured: "
                        + "the actor runs on node ndriver, this driver.")
                .contains("| `single_client_tasks_async` | 8,041 | 50,000 | 9 (num_cpus=1), 8,000 (num_cpus=0) |")
                .contains("| `1_1_actor_calls_sync` | 2,012 | not measured | not measured |");
        assertThat(figures.at("/across_jvms/comparisons/1/embedded_ratio").asDouble()).isEqualTo(0.1);
        assertThat(figures.at("/across_jvms/targets/transfer_met").asBoolean()).isFalse();
        assertThat(result.summary()).anyMatch(line -> line.startsWith("1:1 actor calls across JVMs: not measured"));
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
