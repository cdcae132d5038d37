package dev.trellis.serve.internal.autoscaling;

import dev.trellis.serve.AutoscalingConfig.AggregationFunction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The load reports of one deployment over the look-back period. Each reporter (a node's handle
 * agent, for the routers on its node) sends a sample every {@code metrics_interval_s}: the calls
 * queued in its router and the calls it has in flight on each replica. A figure for the window
 * aggregates each reporter's samples that are not older than {@code look_back_period_s} with the
 * aggregation function, then adds the reporters up, so several nodes' loads add up and a reporter
 * that went silent drops out once its samples age out. No sample in the window means no load.
 *
 * <p>Single-owner (the controller); time is passed in.
 */
public final class LoadWindow {
    /** One report: when it arrived, calls queued in the reporter's router, calls in flight per replica. */
    record Sample(Instant at, int queued, Map<String, Integer> inFlight) {
        double total() {
            double sum = queued;
            for (int n : inFlight.values()) {
                sum += n;
            }
            return sum;
        }
    }

    private final Map<String, ArrayDeque<Sample>> byReporter = new HashMap<>();

    /** Adds {@code reporter}'s sample taken at {@code at} (samples of one reporter arrive in time order). */
    public void record(String reporter, Instant at, int queued, Map<String, Integer> inFlight) {
        byReporter.computeIfAbsent(reporter, k -> new ArrayDeque<>()).addLast(new Sample(at, queued, Map.copyOf(inFlight)));
    }

    /** Drops samples older than {@code lookBack} before {@code now}, and reporters left with none. */
    public void prune(Instant now, Duration lookBack) {
        Instant oldest = now.minus(lookBack);
        for (Iterator<ArrayDeque<Sample>> it = byReporter.values().iterator(); it.hasNext(); ) {
            ArrayDeque<Sample> samples = it.next();
            while (!samples.isEmpty() && samples.peekFirst().at().isBefore(oldest)) {
                samples.pollFirst();
            }
            if (samples.isEmpty()) {
                it.remove();
            }
        }
    }

    /** Ongoing requests (queued plus in flight) over the window: per reporter aggregated, summed over reporters. */
    public double totalOngoing(Instant now, Duration lookBack, AggregationFunction function) {
        return sumOverReporters(now, lookBack, function, Sample::total);
    }

    /** Queued requests over the window, aggregated the same way. */
    public double totalQueued(Instant now, Duration lookBack, AggregationFunction function) {
        return sumOverReporters(now, lookBack, function, Sample::queued);
    }

    /** In-flight requests per replica over the window (a reporter's sample without a replica counts 0 for it). */
    public Map<String, Double> perReplica(Instant now, Duration lookBack, AggregationFunction function) {
        prune(now, lookBack);
        Map<String, Double> out = new HashMap<>();
        for (ArrayDeque<Sample> samples : byReporter.values()) {
            var replicaIds = new java.util.HashSet<String>();
            samples.forEach(s -> replicaIds.addAll(s.inFlight().keySet()));
            for (String id : replicaIds) {
                out.merge(id, aggregate(samples, function, s -> s.inFlight().getOrDefault(id, 0)), Double::sum);
            }
        }
        return out;
    }

    /** The latest in-flight count per replica, summed over reporters: who is least loaded right now. */
    public Map<String, Integer> latestInFlight(Instant now, Duration lookBack) {
        prune(now, lookBack);
        Map<String, Integer> out = new HashMap<>();
        for (ArrayDeque<Sample> samples : byReporter.values()) {
            samples.peekLast().inFlight().forEach((id, n) -> out.merge(id, n, Integer::sum));
        }
        return out;
    }

    private double sumOverReporters(Instant now, Duration lookBack, AggregationFunction function,
                                    ToDoubleFunction<Sample> figure) {
        prune(now, lookBack);
        double sum = 0;
        for (ArrayDeque<Sample> samples : byReporter.values()) {
            sum += aggregate(samples, function, figure);
        }
        return sum;
    }

    private static double aggregate(Iterable<Sample> samples, AggregationFunction function, ToDoubleFunction<Sample> figure) {
        double sum = 0;
        double max = Double.NEGATIVE_INFINITY;
        double min = Double.POSITIVE_INFINITY;
        int n = 0;
        for (Sample s : samples) {
            double v = figure.applyAsDouble(s);
            sum += v;
            max = Math.max(max, v);
            min = Math.min(min, v);
            n++;
        }
        if (n == 0) {
            return 0;
        }
        return switch (function) {
            case MEAN -> sum / n;
            case MAX -> max;
            case MIN -> min;
        };
    }

    /** Reporters with samples in the window (for tests and status). */
    List<String> reporters() {
        return List.copyOf(byReporter.keySet());
    }
}
