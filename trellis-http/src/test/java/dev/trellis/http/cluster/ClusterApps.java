package dev.trellis.http.cluster;

import dev.trellis.core.Trellis;
import dev.trellis.http.Request;
import dev.trellis.serve.Application;
import dev.trellis.serve.DeploymentHandle;
import dev.trellis.serve.Serve;
import java.util.LinkedHashMap;
import java.util.Map;

/** Applications the multi-JVM Serve tests deploy: each answer says which node did the work. */
public final class ClusterApps {
    private ClusterApps() {
    }

    /** What a {@link Where} replica answers: a record, so a reply across nodes must come back as one. */
    public record Placement(String node, String echo) {
    }

    /** Says which node it runs on, after 20 ms of "work" (so concurrent calls pile up and spread). */
    public static final class Where {
        public Placement node(String text) throws InterruptedException {
            Thread.sleep(20);
            return new Placement(Trellis.nodeId(), text);
        }
    }

    /** The ingress: asks a {@link Where} replica, and says where it ran itself. */
    public static final class Front {
        private final DeploymentHandle<Where> where;

        public Front(DeploymentHandle<Where> where) {
            this.where = where;
        }

        public Map<String, String> call(Request request) {
            Placement placement = where.remote(Where::node, request.text()).result();
            var out = new LinkedHashMap<String, String>();
            out.put("front", Trellis.nodeId());
            out.put("where", placement.node());
            out.put("echo", placement.echo());
            return out;
        }
    }

    public static final Application<Front> where = Serve.deployment(Front.class).bind(Serve.deployment(Where.class).bind());
}
