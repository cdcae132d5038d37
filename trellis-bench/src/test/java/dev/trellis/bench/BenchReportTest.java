package dev.trellis.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Running a scenario replaces its own section of the report and keeps the others, in a fixed order. */
class BenchReportTest {
    @TempDir
    Path docs;

    private final MachineFacts facts = new MachineFacts("trellis-bench/run", Instant.parse("2025-01-01T00:00:00Z"), 2,
            "JDK", "Linux", "CPU", "0", Double.NaN);

    @Test
    void replacesTheScenariosSectionAndKeepsTheOthers() throws Exception {
        var report = new BenchReport(docs);
        report.write(scenario("chain"), true, facts, result("chain v1"));
        report.write(scenario("http"), true, facts, result("http v1"));
        report.write(scenario("chain"), false, facts, result("chain v2"));

        String md = Files.readString(docs.resolve("benchmarks.md"));
        assertThat(md).contains("http v1", "chain v2").doesNotContain("chain v1");
        assertThat(md.indexOf("http v1")).isLessThan(md.indexOf("chain v2"));
        var json = new ObjectMapper().readTree(docs.resolve("benchmarks.json").toFile()).path("scenarios");
        assertThat(json.path("chain").path("note").asText()).isEqualTo("chain v2");
        assertThat(json.path("chain").path("mode").asText()).isEqualTo("full");
        assertThat(json.path("http").path("note").asText()).isEqualTo("http v1");
    }

    private static ScenarioResult result(String note) {
        return new ScenarioResult(JsonNodeFactory.instance.objectNode().put("note", note), note + "\n", List.of());
    }

    private static Scenario scenario(String name) {
        return new Scenario() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String title() {
                return "Scenario " + name;
            }

            @Override
            public ScenarioResult run(BenchSettings settings) {
                throw new UnsupportedOperationException("not run in this test");
            }
        };
    }
}
