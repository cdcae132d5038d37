package dev.trellis.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the clients of {@link FailoverBenchmark} saw around the SIGKILL of the node that ran the
 * only replica: every request's outcome, with times on {@link System#nanoTime}'s scale, reduced
 * to the figures of the report. Pure: no clock, no I/O, so it is unit-tested on made-up outcomes.
 *
 * <p>An answer "from elsewhere" is a 200 whose body (the {@code where} ingress answers its node's
 * id) names a node other than the lost one. Requests count "after the kill" when their answer (or
 * failure) came after it, including those already in flight at the kill.
 */
final class FailoverTimeline {
    /** No answer: the read timed out. */
    static final int TIMEOUT = -1;
    /** No answer: the connection was refused, reset or closed. */
    static final int CONNECTION_ERROR = -2;

    /**
     * One request.
     *
     * @param status the HTTP status, or {@link #TIMEOUT} or {@link #CONNECTION_ERROR}
     * @param body   the answer's body (the serving node's id for a 200), or null without an answer
     */
    record Outcome(long sentNanos, long doneNanos, int status, String body) {
        boolean ok() {
            return status == 200;
        }
    }

    private FailoverTimeline() {
    }

    /**
     * The figures of one kill.
     *
     * @param killNanos    when the SIGKILL was sent
     * @param runningNanos when the admin API first showed the deployment's target RUNNING, none on
     *                     the lost node; null if it never did while watched
     * @param lostNode     the killed node's id
     */
    static ObjectNode summarize(long killNanos, Long runningNanos, String lostNode, List<Outcome> outcomes) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        putSeconds(out, "replicas_running_s", runningNanos == null ? null : runningNanos - killNanos);
        Long firstElsewhere = null;
        Long lastFailure = null;
        long longest = 0;
        int inFlightAtKill = 0;
        int before = 0;
        int beforeOk = 0;
        Map<String, Integer> after = new TreeMap<>();
        Map<String, Integer> otherDetail = new TreeMap<>();
        for (Outcome o : outcomes) {
            if (o.doneNanos() < killNanos) {
                before++;
                beforeOk += o.ok() ? 1 : 0;
                continue;
            }
            if (o.sentNanos() < killNanos) {
                inFlightAtKill++;
            }
            longest = Math.max(longest, o.doneNanos() - o.sentNanos());
            boolean elsewhere = o.ok() && o.body() != null && !o.body().strip().equals(lostNode);
            if (elsewhere && (firstElsewhere == null || o.doneNanos() < firstElsewhere)) {
                firstElsewhere = o.doneNanos();
            }
            if (!o.ok() && (lastFailure == null || o.doneNanos() > lastFailure)) {
                lastFailure = o.doneNanos();
            }
            String kind = o.ok() ? "200" : o.status() == 503 ? "503" : "other";
            after.merge(kind, 1, Integer::sum);
            if (kind.equals("other")) {
                otherDetail.merge(label(o.status()), 1, Integer::sum);
            }
            if (o.ok() && !elsewhere) {
                after.merge("200_from_lost_node", 1, Integer::sum);
            }
        }
        putSeconds(out, "first_served_elsewhere_s", firstElsewhere == null ? null : firstElsewhere - killNanos);
        putSeconds(out, "last_failure_s", lastFailure == null ? null : lastFailure - killNanos);
        out.put("longest_request_s", longest / 1e9);
        out.put("in_flight_at_kill", inFlightAtKill);
        out.putObject("answers_before_kill").put("requests", before).put("200", beforeOk);
        ObjectNode answers = out.putObject("answers_after_kill");
        for (String kind : List.of("200", "503", "other")) {
            answers.put(kind, after.getOrDefault(kind, 0));
        }
        answers.put("200_from_lost_node", after.getOrDefault("200_from_lost_node", 0));
        ObjectNode detail = answers.putObject("other_detail");
        otherDetail.forEach(detail::put);
        return out;
    }

    static String label(int status) {
        return switch (status) {
            case TIMEOUT -> "no_answer_timeout";
            case CONNECTION_ERROR -> "connection_error";
            default -> String.valueOf(status);
        };
    }

    private static void putSeconds(ObjectNode out, String field, Long nanos) {
        if (nanos == null) {
            out.putNull(field);
        } else {
            out.put(field, nanos / 1e9);
        }
    }
}
