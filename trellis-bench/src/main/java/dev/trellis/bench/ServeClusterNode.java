package dev.trellis.bench;

import dev.trellis.core.internal.runtime.NodeMain;
import java.io.IOException;

/**
 * A Serve cluster node that the harness starts ({@link ServeCluster}): {@link NodeMain} with the
 * given arguments (trellis-http on the class path gives it an HTTP proxy and, on the head, the
 * admin API), which also exits when its standard input closes ({@link Lifeline}), leaving the
 * cluster as on SIGTERM (NodeMain's shutdown hook). So no node outlives the harness, even a
 * harness killed by SIGKILL.
 */
public final class ServeClusterNode {
    private ServeClusterNode() {
    }

    public static void main(String[] args) throws Exception {
        Thread.ofPlatform().daemon().name("lifeline").start(() -> {
            try {
                Lifeline.awaitParentExit();
            } catch (IOException e) {
                // The pipe broke: the parent is gone just the same.
            }
            System.exit(0);
        });
        NodeMain.main(args);
    }
}
