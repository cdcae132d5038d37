package dev.trellis.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** The remote-hop and failover reports from the figures their benchmarks print (the benchmarks are not run here). */
class ServeClusterScenariosTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theRemoteHopIsReportedAsAddedP50AndThroughputRatioToTheSameJvmRun() throws Exception {
        ObjectNode figures = (ObjectNode) JSON.readTree("""
                {"cores":2,"warm_up_s":3,"phase_s":3,"rounds":1,"node_heap":"-Xmx512m","applications":[
                 {"name":"noop","deployment":"Noop","path":"/noop","method":"GET","results":[
                  {"connections":1,
                   "same_jvm":{"duration_s":3,"requests":30000,"requests_per_second":10000,"p50_ms":0.050,"p99_ms":0.2,"errors":0},
                   "remote_hop":{"duration_s":3,"requests":6000,"requests_per_second":2000,"p50_ms":0.250,"p99_ms":0.8,"errors":0}},
                  {"connections":16,
                   "same_jvm":{"duration_s":3,"requests":90000,"requests_per_second":30000,"p50_ms":0.4,"p99_ms":2,"errors":0},
                   "remote_hop":{"duration_s":3,"requests":30000,"requests_per_second":10000,"p50_ms":1.5,"p99_ms":4,"errors":0}}]},
                 {"name":"tips","deployment":"TipModel","path":"/predict","method":"POST","results":[
                  {"connections":1,
                   "same_jvm":{"duration_s":3,"requests":9000,"requests_per_second":3000,"p50_ms":0.2,"p99_ms":0.5,"errors":0},
                   "remote_hop":{"duration_s":3,"requests":3000,"requests_per_second":1000,"p50_ms":0.8,"p99_ms":1.6,"errors":0}}]}]}
                """);

        ScenarioResult result = RemoteHopScenario.report(figures);

        assertThat(result.markdown())
                .contains("| 1 | same JVM | 10000 | 0.050 | 0.200 | 0 | 1.00x | 1.00x | 1.00x | 0 |")
                .contains("| 1 | remote hop | 2000 | 0.250 | 0.800 | 0 | 0.20x | 5.00x | 4.00x | +0.200 |")
                .contains("noop: remote hop adds <= 0.3 ms to p50 at 1 connection: **met** (+0.200 ms")
                .contains("tips: remote hop adds <= 0.3 ms to p50 at 1 connection: **not met** (+0.600 ms")
                .contains("throughput vs same JVM 0.20x at 1, 0.33x at 16 connections");
        assertThat(figures.at("/applications/0/results/1/throughput_ratio").asDouble()).isCloseTo(1 / 3.0,
                offset(1e-9));
        assertThat(figures.at("/targets/added_p50_met").asBoolean()).isFalse();
        assertThat(figures.at("/targets/highest_added_p50_ms_at_1_connection").asDouble()).isCloseTo(0.6,
                offset(1e-9));
    }

    @Test
    void failoverRunsAreTabledAndEachSettingMeetsItsTargetOnlyIfEveryRunDoes() throws Exception {
        ObjectNode figures = (ObjectNode) JSON.readTree("""
                {"cores":2,"interval_ms":20,"steady_s":2,"watch_s":60,"read_timeout_s":15,"runs":2,"node_heap":"-Xmx512m",
                 "settings":[
                  {"name":"default","options":"--heartbeat-interval 1s --heartbeat-pause 3s --stable-after 7s",
                   "options_given":"","runs":[
                    {"replicas_running_s":4.1,"first_served_elsewhere_s":4.2,"last_failure_s":3.5,"longest_request_s":3.9,
                     "in_flight_at_kill":1,"answers_after_kill":{"200":100,"503":20,"other":1,
                     "other_detail":{"connection_error":1}}},
                    {"replicas_running_s":5.5,"first_served_elsewhere_s":5.6,"last_failure_s":null,"longest_request_s":5.0,
                     "in_flight_at_kill":0,"answers_after_kill":{"200":90,"503":0,"other":0,"other_detail":{}}}]},
                  {"name":"tuned","options":"--heartbeat-interval 200ms --heartbeat-pause 1s --stable-after 2s",
                   "options_given":"--heartbeat-interval 200ms --heartbeat-pause 1s --stable-after 2s","runs":[
                    {"replicas_running_s":1.5,"first_served_elsewhere_s":1.6,"last_failure_s":1.2,"longest_request_s":1.3,
                     "in_flight_at_kill":0,"answers_after_kill":{"200":50,"503":10,"other":0,"other_detail":{}}},
                    {"replicas_running_s":null,"first_served_elsewhere_s":null,"last_failure_s":null,"longest_request_s":0,
                     "in_flight_at_kill":0,"answers_after_kill":{"200":0,"503":0,"other":0,"other_detail":{}}}]}]}
                """);

        ScenarioResult result = FailoverScenario.report(figures);

        assertThat(result.markdown())
                .contains("| default | 1 | 4.10 | 4.20 | 3.50 | 100 / 20 / 1 | connection_error: 1 | 1 | 3.90 |")
                .contains("| default | 2 | 5.50 | 5.60 | none | 90 / 0 / 0 |  | 0 | 5.00 |")
                .contains("within 5 s of the SIGKILL, default failure detector, every run: **not met** (4.20 s, 5.60 s)")
                .contains("within 2 s of the SIGKILL, tuned failure detector, every run: **not met** (1.60 s, "
                        + "none within 60 s)")
                .contains("`tuned`: `--heartbeat-interval 200ms --heartbeat-pause 1s --stable-after 2s` (given to every node)");
        assertThat(figures.at("/targets/default/slowest_seconds_to_serve_elsewhere").asDouble()).isEqualTo(5.6);
        assertThat(figures.at("/targets/tuned/slowest_seconds_to_serve_elsewhere").isNull()).isTrue();
    }
}
