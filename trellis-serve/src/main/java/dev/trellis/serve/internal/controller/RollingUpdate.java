package dev.trellis.serve.internal.controller;

/**
 * The arithmetic of a rolling code update, apart from the replicas it is applied to. A code
 * update surges: new-code replicas start beside the old ones, at most one wave (see
 * {@link #waveSize}) of them not yet running at a time, and an old RUNNING replica is drained
 * only while more replicas run than the target. So the number of RUNNING replicas never drops
 * below the target because of the update itself, and old replicas are never stopped for a new
 * version that does not start.
 *
 * <p>Pure functions of counts; {@link DeploymentState} applies them to its replicas.
 */
final class RollingUpdate {
    /** Below this, a product share x target counts as a whole number (0.3 x 10 is 3.0000000000000004). */
    private static final double ROUNDING = 1e-9;

    private RollingUpdate() {
    }

    /**
     * New-code replicas that may be starting at once: {@code ceil(share x target)}, at least 1,
     * and 0 for a target of 0.
     */
    static int waveSize(double share, int target) {
        if (target <= 0) {
            return 0;
        }
        return Math.max(1, (int) Math.ceil(share * target - ROUNDING));
    }

    /**
     * How many live new-code replicas to have now. With no old replica running, the target (a
     * first deployment, or a roll that is done). Otherwise the running new ones plus the replicas
     * missing to reach the target (scaled up mid-roll, or an old replica died), plus one wave;
     * never more than the target.
     */
    static int currentReplicasWanted(int target, double share, int currentRunning, int oldRunning) {
        if (oldRunning == 0) {
            return target;
        }
        int missing = Math.max(0, target - currentRunning - oldRunning);
        return Math.min(target, currentRunning + missing + waveSize(share, target));
    }

    /** How many old RUNNING replicas to drain now: those beyond the target, counting every running replica. */
    static int oldReplicasToStop(int target, int currentRunning, int oldRunning) {
        return Math.clamp((long) currentRunning + oldRunning - target, 0, oldRunning);
    }

    /** The status message of a roll in progress. */
    static String progress(int updated, int target, int oldDraining) {
        String message = "rolling update: " + Math.min(updated, target) + " of " + target + " replicas updated";
        return oldDraining == 0 ? message : message + ", " + oldDraining + " old replica(s) draining";
    }
}
