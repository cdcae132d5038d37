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

    /** A multiplexed model server: says which node and which replica answered, and how often it loaded a model. */
    public static final class Models {
        private final String replica = java.util.UUID.randomUUID().toString();
        private final java.util.concurrent.atomic.AtomicInteger loads = new java.util.concurrent.atomic.AtomicInteger();

        @dev.trellis.serve.Multiplexed(maxNumModelsPerReplica = 2)
        public String load(String modelId) {
            loads.incrementAndGet();
            return modelId;
        }

        public Map<String, Object> call(Request request) {
            String model = dev.trellis.serve.Multiplexing.model(this, Models::load);
            var out = new LinkedHashMap<String, Object>();
            out.put("node", Trellis.nodeId());
            out.put("replica", replica);
            out.put("model", model);
            out.put("loads", loads.get());
            return out;
        }
    }

    public static final Application<Models> models = Serve.deployment(Models.class).bind();

    public static final Application<Front> where = Serve.deployment(Front.class).bind(Serve.deployment(Where.class).bind());
}
