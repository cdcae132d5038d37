package dev.trellis.serve.internal.router;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * How the router picks a replica for a call that names a multiplexed model (Ray's multiplexed
 * routing):
 * <ol>
 *   <li>Among the replicas with room that hold the model, power of two choices on in-flight
 *   calls: the model is used where it is already loaded, and a hot model's load spreads over
 *   its holders.</li>
 *   <li>If no holder has room (or none holds it), among the other replicas with room, those
 *   holding the fewest models, again by two choices: a new model goes where it evicts the
 *   least, and a model busy on all its holders spreads to one more replica instead of
 *   waiting. (Ray first waits up to about a second for a holder to have room; this router
 *   does not wait, so that a burst never queues behind a busy holder.)</li>
 * </ol>
 * "Holds" means the replica reported the model to the controller (its ids arrive with the
 * controller's replica set), or this router sent it a call for the model that the controller
 * has not confirmed yet: a <em>tentative</em> holder, so that a burst of first calls for a new
 * model goes to one replica instead of loading it on all of them before the replica's report
 * comes back. A tentative id is dropped once the replica's report includes it; ids never
 * confirmed (a failed load) stay at most until {@link #MAX_TENTATIVE} have gathered.
 *
 * <p>Two passes over the replicas per call (O(replicas)); called under the router's lock.
 */
final class ModelAwareChoice {
    /** Unconfirmed ids remembered per replica before they are forgotten all at once. */
    static final int MAX_TENTATIVE = 16;

    private ModelAwareChoice() {
    }

    /** The replica for a call for {@code modelId}, or null when no replica has room. */
    static PowerOfTwoChoicesRouter.Slot choose(List<PowerOfTwoChoicesRouter.Slot> slots, String modelId,
                                               Predicate<PowerOfTwoChoicesRouter.Slot> hasRoom,
                                               RandomGenerator random) {
        int holders = 0;
        int fewest = Integer.MAX_VALUE;
        int atFewest = 0;
        for (var s : slots) {
            if (!hasRoom.test(s)) {
                continue;
            }
            if (holds(s, modelId)) {
                holders++;
            } else {
                int n = modelCount(s);
                if (n < fewest) {
                    fewest = n;
                    atFewest = 1;
                } else if (n == fewest) {
                    atFewest++;
                }
            }
        }
        if (holders > 0) {
            return pickTwo(slots, s -> hasRoom.test(s) && holds(s, modelId), holders, random);
        }
        if (atFewest == 0) {
            return null;
        }
        int min = fewest;
        var chosen = pickTwo(slots, s -> hasRoom.test(s) && !holds(s, modelId) && modelCount(s) == min, atFewest,
                random);
        remember(chosen, modelId);
        return chosen;
    }

    /** The controller reported the ids {@code reported} for the slot's replica. */
    static void onReported(PowerOfTwoChoicesRouter.Slot slot, Set<String> reported) {
        if (reported.equals(slot.models)) {
            return;
        }
        slot.models = Set.copyOf(reported);
        if (slot.tentativeModels != null) {
            slot.tentativeModels.removeAll(slot.models);
            if (slot.tentativeModels.isEmpty()) {
                slot.tentativeModels = null;
            }
        }
    }

    static boolean holds(PowerOfTwoChoicesRouter.Slot slot, String modelId) {
        return slot.models.contains(modelId) || slot.tentativeModels != null && slot.tentativeModels.contains(modelId);
    }

    /** Models held, confirmed or tentative (the two sets never overlap). */
    static int modelCount(PowerOfTwoChoicesRouter.Slot slot) {
        return slot.models.size() + (slot.tentativeModels == null ? 0 : slot.tentativeModels.size());
    }

    private static void remember(PowerOfTwoChoicesRouter.Slot slot, String modelId) {
        if (slot.tentativeModels == null) {
            slot.tentativeModels = new HashSet<>(4);
        } else if (slot.tentativeModels.size() >= MAX_TENTATIVE) {
            slot.tentativeModels.clear();
        }
        slot.tentativeModels.add(modelId);
    }

    /** Two choices among the {@code count} eligible slots: the one with fewer calls in flight. */
    private static PowerOfTwoChoicesRouter.Slot pickTwo(List<PowerOfTwoChoicesRouter.Slot> slots,
                                                        Predicate<PowerOfTwoChoicesRouter.Slot> eligible, int count,
                                                        RandomGenerator random) {
        int i = random.nextInt(count);
        int j = i;
        if (count > 1) {
            j = random.nextInt(count - 1);
            if (j >= i) {
                j++;
            }
        }
        PowerOfTwoChoicesRouter.Slot a = null;
        PowerOfTwoChoicesRouter.Slot b = null;
        int k = 0;
        for (var s : slots) {
            if (eligible.test(s)) {
                if (k == i) {
                    a = s;
                }
                if (k == j) {
                    b = s;
                }
                k++;
            }
        }
        return a.inFlight <= b.inFlight ? a : b;
    }
}
