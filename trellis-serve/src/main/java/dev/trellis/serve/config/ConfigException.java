package dev.trellis.serve.config;

import dev.trellis.core.TrellisException;
import java.util.List;

/**
 * A Serve config file or import path that cannot be used. Loading validates everything before
 * failing, so one exception lists every problem; its message names the source (the file) and,
 * per problem, the key path, the line and the bad value:
 *
 * <pre>
 * Invalid Serve config file serve.yaml (2 problems):
 *   - applications[0].deployments[0].num_replicas (line 7): num_replicas must be &gt;= 1, was 0
 *   - applications[0].http_options (line 3): unknown key 'http_options'; supported keys here: name, ...
 * </pre>
 */
public final class ConfigException extends TrellisException {
    private final String source;
    private final List<ConfigProblem> problems;

    /**
     * @param source what was read, e.g. {@code "Serve config file serve.yaml"}
     * @param problems at least one
     */
    public ConfigException(String source, List<ConfigProblem> problems) {
        super(format(source, problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
        this.source = source;
        this.problems = List.copyOf(problems);
    }

    /** What was read, e.g. {@code "Serve config file serve.yaml"}. */
    public String source() {
        return source;
    }

    public List<ConfigProblem> problems() {
        return problems;
    }

    private static String format(String source, List<ConfigProblem> problems) {
        var sb = new StringBuilder("Invalid ").append(source).append(" (").append(problems.size())
                .append(problems.size() == 1 ? " problem):" : " problems):");
        for (ConfigProblem p : problems) {
            sb.append("\n  - ").append(p.toString().replace("\n", "\n    "));
        }
        return sb.toString();
    }
}
