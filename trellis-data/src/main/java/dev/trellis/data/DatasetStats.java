package dev.trellis.data;

import java.util.List;

/** The stats of a dataset's last execution, one entry per stage in plan order (Ray's {@code ds.stats()}). */
public record DatasetStats(List<OperatorStats> operators) {
    public DatasetStats {
        operators = List.copyOf(operators);
    }

    /** One line per stage, as Ray prints them. */
    @Override
    public String toString() {
        if (operators.isEmpty()) {
            return "(not executed yet)";
        }
        var sb = new StringBuilder();
        for (int i = 0; i < operators.size(); i++) {
            sb.append("Operator ").append(i + 1).append(' ').append(operators.get(i)).append('\n');
        }
        return sb.toString();
    }
}
