package dev.trellis.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * What a scenario measured.
 *
 * @param figures  every raw figure and ratio, for docs/benchmarks.json
 * @param markdown its tables and targets, for its section of docs/benchmarks.md
 * @param summary  a few lines for the console
 */
record ScenarioResult(ObjectNode figures, String markdown, List<String> summary) {
}
