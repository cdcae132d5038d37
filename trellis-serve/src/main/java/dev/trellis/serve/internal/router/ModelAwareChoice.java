package dev.trellis.serve.internal.router;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * How the router picks a replica for a call that names a multiplexed model (Ray's multiplexed
 * routing), in this order:
 * <ol>
 *   <li><b>A holder with room.</b> Among the replicas holding the model that have room, power
 *   of two choices on in-flight calls: the model is used where it is loaded, and a hot model's
 *   calls spread over all its holders.</li>
 *   <li><b>Room for one more model.</b> Else, among the other replicas with room whose cache is
 *   not full, those holding the fewest models, by two choices: a model busy on all its holders
 *   spreads to one more replica, and a new model goes where it evicts nothing.</li>
 *   <li><b>A load that must evict.</b> Else, only if no replica holds the model at all: among
 *   the replicas with room, the fewest models by two choices (the model has to be loaded
 *   somewhere).</li>
 *   <li>Else none: the call waits in the router's queue until a holder has room.</li>
 * </ol>
 * So a model is never evicted to make room for one that is loaded elsewhere. Evicting for a
 * busy model would push out a model that other calls use, whose next call would push out
 * another: with caches full, one busy model sets off loads all over the deployment (measured
 * in trellis-bench's {@code multiplex} scenario). A busy model spreads only into free cache
 * room, for example onto replicas that autoscaling adds. Ray instead waits up to about a second
 * for a holder and then uses any replica; this router keeps no time.
 *
 * <p>"Holds" means the replica reported the model to the controller (its ids arrive with the
 * controller's replica set), or this router sent it a call for the model that the controller
 * has not confirmed yet: a <em>tentative</em> holder, so that a burst of first calls for a new
 * model goes to one replica instead of loading it on all of them before the replica's report
 * comes back. A tentative id is dropped once the replica's report includes it; ids never
 * confirmed (a failed load) stay at most until {@link #MAX_TENTATIVE} have gathered. A cache is
 * full when its confirmed and tentative models reach the replica's
 * {@code max_num_models_per_replica} (unknown, 0: never full).
 *
 * <p>A few passes over the replicas per call (O(replicas)); called under the router's lock.
 */
final class ModelAwareChoice {
    /** Unconfirmed ids remembered per replica before they are forgotten all at once. */
    static final int MAX_TENTATIVE = 16;

    private ModelAwareChoice() {
    }

    /**
     * The replica for a call for {@code modelId}, or null when it should wait.
     *
     * @param hasRoom whether a replica may take the call now (room, and did not reject it)
     * @param usable  whether a replica may take the call at all (did not reject it)
     */
    static PowerOfTwoChoicesRouter.Slot choose(List<PowerOfTwoChoicesRouter.Slot> slots, String modelId,
                                               Predicate<PowerOfTwoChoicesRouter.Slot> hasRoom,
                                               Predicate<PowerOfTwoChoicesRouter.Slot> usable,
                                               RandomGenerator random) {
        int holders = 0;
        int holdersWithRoom = 0;
        for (var s : slots) {
            if (holds(s, modelId) && usable.test(s)) {
                holders++;
                if (hasRoom.test(s)) {
                    holdersWithRoom++;
                }
            }
        }
        if (holdersWithRoom > 0) {
            return pickTwo(slots, s -> hasRoom.test(s) && holds(s, modelId), holdersWithRoom, random);
        }
        Predicate<PowerOfTwoChoicesRouter.Slot> fallback = s -> hasRoom.test(s) && !holds(s, modelId);
        var chosen = fewestModels(slots, fallback.and(ModelAwareChoice::cacheHasRoom), random);
        if (chosen == null && holders == 0) {
            chosen = fewestModels(slots, fallback, random);
        }
        if (chosen != null) {
            remember(chosen, modelId);
        }
        return chosen;
    }

    /** Two choices among the eligible replicas holding the fewest models; null if none is eligible. */
    private static PowerOfTwoChoicesRouter.Slot fewestModels(List<PowerOfTwoChoicesRouter.Slot> slots,
                                                             Predicate<PowerOfTwoChoicesRouter.Slot> eligible,
                                                             RandomGenerator random) {
        int fewest = Integer.MAX_VALUE;
        int atFewest = 0;
        for (var s : slots) {
            if (eligible.test(s)) {
                int n = modelCount(s);
                if (n < fewest) {
                    fewest = n;
                    atFewest = 1;
                } else if (n == fewest) {
                    atFewest++;
                }
            }
        }
        if (atFewest == 0) {
            return null;
        }
        int min = fewest;
        return pickTwo(slots, eligible.and(s -> modelCount(s) == min), atFewest, random);
    }

    private static boolean cacheHasRoom(PowerOfTwoChoicesRouter.Slot slot) {
        return slot.modelCapacity == 0 || modelCount(slot) < slot.modelCapacity;
    }

    /** The controller reported the ids {@code reported} and the cache size {@code capacity} of the slot's replica. */
    static void onReported(PowerOfTwoChoicesRouter.Slot slot, Set<String> reported, int capacity) {
        slot.modelCapacity = capacity;
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
