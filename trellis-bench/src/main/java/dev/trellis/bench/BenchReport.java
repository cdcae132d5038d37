package dev.trellis.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * docs/benchmarks.json (every raw figure) and docs/benchmarks.md (a table per scenario): one
 * section per scenario, replaced when that scenario runs again and kept otherwise, in the
 * order {@link #ORDER}. Each section carries its own command, machine facts and date, since
 * sections may come from different runs. Files are replaced atomically.
 */
final class BenchReport {
    static final List<String> ORDER = List.of("http", "handle", "chain", "batch", "autoscale", "multiplex", "onnx", "peer",
            "core", "remote-hop", "failover");
    private static final Pattern SECTION =
            Pattern.compile("(?s)<!-- scenario: (\\S+) -->\\n(.*?)<!-- end: \\1 -->\\n?");
    private static final String HEADER = """
            # Trellis benchmarks

            Written by `trellis-bench/run [http|handle|chain|batch|autoscale|multiplex|onnx|peer|core|remote-hop|failover|all] [--quick]`: running a scenario replaces its \
            section here and in [benchmarks.json](benchmarks.json) (every raw figure) and keeps the others. \
            Every figure is also given as a ratio to a baseline measured in the same run on the same machine; \
            absolute figures depend on the machine and on whatever else ran on it (see each section's Load line). \
            Why the figures that miss their targets miss them, and how the serving path changed: [performance.md](performance.md).
            """;

    private final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final Path json;
    private final Path markdown;

    BenchReport(Path docs) {
        this.json = docs.resolve("benchmarks.json");
        this.markdown = docs.resolve("benchmarks.md");
    }

    Path markdown() {
        return markdown;
    }

    void write(Scenario scenario, boolean quick, MachineFacts facts, ScenarioResult result) throws IOException {
        ObjectNode section = JsonNodeFactory.instance.objectNode();
        section.put("title", scenario.title());
        section.put("mode", quick ? "quick" : "full");
        section.setAll(facts.toJson());
        section.setAll(result.figures());
        Map<String, JsonNode> scenarios = new LinkedHashMap<>();
        if (Files.exists(json)) {
            mapper.readTree(json.toFile()).path("scenarios").properties()
                    .forEach(e -> scenarios.put(e.getKey(), e.getValue()));
        }
        scenarios.put(scenario.name(), section);
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ObjectNode ordered = root.putObject("scenarios");
        inOrder(scenarios).forEach(name -> ordered.set(name, scenarios.get(name)));
        replace(json, mapper.writeValueAsString(root) + "\n");

        Map<String, String> sections = new LinkedHashMap<>();
        if (Files.exists(markdown)) {
            Matcher m = SECTION.matcher(Files.readString(markdown));
            while (m.find()) {
                sections.put(m.group(1), m.group(2));
            }
        }
        sections.put(scenario.name(), "## " + scenario.title() + " (`" + scenario.name() + "`, "
                + (quick ? "quick" : "full") + ")\n\n" + facts.toMarkdown() + "\n\n" + result.markdown());
        var out = new StringBuilder(HEADER);
        for (String name : inOrder(sections)) {
            out.append("\n<!-- scenario: ").append(name).append(" -->\n").append(sections.get(name))
                    .append("<!-- end: ").append(name).append(" -->\n");
        }
        replace(markdown, out.toString());
    }

    /** The known scenarios in {@link #ORDER}, then any others in the order found. */
    private static List<String> inOrder(Map<String, ?> sections) {
        List<String> names = new ArrayList<>(ORDER.stream().filter(sections::containsKey).toList());
        sections.keySet().stream().filter(n -> !ORDER.contains(n)).forEach(names::add);
        return names;
    }

    private static void replace(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, content);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
