package dev.trellis.bench;

/** One named benchmark of {@code trellis-bench/run}: measures a Trellis path and its baseline in the same run. */
interface Scenario {
    /** As given on the command line, and the key of its section in docs/benchmarks.{json,md}. */
    String name();

    /** The heading of its section in docs/benchmarks.md. */
    String title();

    /** Starts what it needs, measures, and stops everything it started, also on failure. */
    ScenarioResult run(BenchSettings settings) throws Exception;
}
