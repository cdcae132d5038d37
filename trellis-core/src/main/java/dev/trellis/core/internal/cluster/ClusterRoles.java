package dev.trellis.core.internal.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.cluster.Member;

/**
 * The Pekko cluster roles of a Trellis node: its Trellis role, its node id (so every member's
 * node id is known from membership alone, before any report arrives) and, on every node but a
 * driver, the role the directory singleton runs on.
 */
public final class ClusterRoles {
    /** The Pekko role of nodes that may host the directory singleton. */
    public static final String DIRECTORY = "trellis-directory";

    private static final String NODE_PREFIX = "trellis-node-";

    private ClusterRoles() {
    }

    /** The roles a node with {@code options} joins with. */
    public static List<String> roles(ClusterOptions options) {
        var roles = new ArrayList<String>();
        roles.add(options.role());
        roles.add(NODE_PREFIX + options.nodeId());
        if (options.hostsDirectory()) {
            roles.add(DIRECTORY);
        }
        return roles;
    }

    /** The Trellis node id of {@code member}; empty for a member that is no Trellis node. */
    public static Optional<String> nodeIdOf(Member member) {
        for (String role : member.getRoles()) {
            if (role.startsWith(NODE_PREFIX)) {
                return Optional.of(role.substring(NODE_PREFIX.length()));
            }
        }
        return Optional.empty();
    }
}
