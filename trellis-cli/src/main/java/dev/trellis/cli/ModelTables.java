package dev.trellis.cli;

import dev.trellis.models.TensorSpec;
import dev.trellis.models.registry.RegisteredModel;
import dev.trellis.models.registry.RegisteredModelVersion;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code trellis models list} prints, as pure functions of the registry's records: a table
 * of models, a table of one model's versions, and the JSON form of both.
 *
 * <pre>
 * NAME  LATEST  VERSIONS  FLAVOR  CREATED               ALIASES
 * iris  3       3         onnx    2026-03-01T10:00:00Z  champion=2, staging=3
 * </pre>
 */
final class ModelTables {
    private ModelTables() {
    }

    static String models(List<RegisteredModel> models) {
        var rows = new ArrayList<List<String>>();
        rows.add(List.of("NAME", "LATEST", "VERSIONS", "FLAVOR", "CREATED", "ALIASES"));
        for (RegisteredModel m : models) {
            RegisteredModelVersion latest = m.latest();
            rows.add(List.of(m.name(), Integer.toString(latest.version()), Integer.toString(m.versions().size()),
                    latest.flavor(), created(latest), orDash(m.aliasesText())));
        }
        return format(rows);
    }

    static String versions(RegisteredModel model) {
        var rows = new ArrayList<List<String>>();
        rows.add(List.of("VERSION", "FLAVOR", "CREATED", "ALIASES", "RUN", "DESCRIPTION"));
        for (RegisteredModelVersion v : model.versions()) {
            rows.add(List.of(Integer.toString(v.version()), v.flavor(), created(v), orDash(String.join(", ", v.aliases())),
                    v.runId().orElse("-"), v.description().strip().replaceAll("\\s*\\R\\s*", " ")));
        }
        return format(rows);
    }

    /** {@code {"registry": ..., "models": [{"name", "latest_version", "aliases", "versions": [...]}]}}. */
    static Map<String, Object> json(Path root, List<RegisteredModel> models) {
        var out = new LinkedHashMap<String, Object>();
        out.put("registry", root.toString());
        out.put("models", models.stream().map(ModelTables::json).toList());
        return out;
    }

    private static Map<String, Object> json(RegisteredModel m) {
        var out = new LinkedHashMap<String, Object>();
        out.put("name", m.name());
        out.put("latest_version", m.latest().version());
        out.put("aliases", m.aliases());
        out.put("versions", m.versions().stream().map(ModelTables::json).toList());
        return out;
    }

    private static Map<String, Object> json(RegisteredModelVersion v) {
        var out = new LinkedHashMap<String, Object>();
        out.put("version", v.version());
        out.put("uri", v.uri().toString());
        out.put("flavor", v.flavor());
        out.put("created", v.created().toString());
        out.put("aliases", v.aliases());
        out.put("artifact", v.artifact().toString());
        out.put("source", v.source());
        out.put("run_id", v.runId().orElse(null));
        out.put("description", v.description());
        out.put("tags", v.tags());
        out.put("signature", v.signature().map(s -> Map.of(
                "inputs", s.inputs().stream().map(ModelTables::json).toList(),
                "outputs", s.outputs().stream().map(ModelTables::json).toList())).orElse(null));
        return out;
    }

    private static Map<String, Object> json(TensorSpec t) {
        var out = new LinkedHashMap<String, Object>();
        out.put("name", t.name());
        out.put("element_type", t.elementType());
        out.put("shape", t.shape());
        return out;
    }

    private static String created(RegisteredModelVersion v) {
        return v.created().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static String orDash(String s) {
        return s.isEmpty() ? "-" : s;
    }

    private static String format(List<List<String>> rows) {
        int columns = rows.getFirst().size();
        int[] widths = new int[columns];
        for (var row : rows) {
            for (int c = 0; c < columns; c++) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        var sb = new StringBuilder();
        for (var row : rows) {
            var line = new StringBuilder();
            for (int c = 0; c < columns; c++) {
                line.append(c == columns - 1 ? row.get(c) : String.format("%-" + (widths[c] + 2) + "s", row.get(c)));
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }
}
