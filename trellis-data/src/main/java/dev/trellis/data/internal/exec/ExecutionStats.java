package dev.trellis.data.internal.exec;

import dev.trellis.data.DatasetStats;
import java.util.ArrayList;
import java.util.List;

/** The stages of one execution, in plan order. */
public final class ExecutionStats {
    private final List<StageStats> stages = new ArrayList<>();

    synchronized StageStats stage(String name) {
        var s = new StageStats(name);
        stages.add(s);
        return s;
    }

    public synchronized DatasetStats snapshot() {
        return new DatasetStats(stages.stream().map(StageStats::snapshot).toList());
    }
}
