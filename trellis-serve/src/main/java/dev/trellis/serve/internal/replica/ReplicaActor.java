package dev.trellis.serve.internal.replica;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.core.internal.VirtualThreads;
import dev.trellis.serve.UserCodeException;
import dev.trellis.serve.internal.messages.CancelRequest;
import dev.trellis.serve.internal.messages.CheckHealth;
import dev.trellis.serve.internal.messages.Drain;
import dev.trellis.serve.internal.messages.HandleRequest;
import dev.trellis.serve.internal.messages.Reconfigure;
import dev.trellis.serve.internal.messages.ReplicaCommand;
import dev.trellis.serve.internal.messages.ReplicaEvent;
import dev.trellis.serve.internal.messages.ReplicaReply;
import dev.trellis.serve.internal.messages.ReplicaReply.FailureKind;
import dev.trellis.serve.internal.messages.StreamCredit;
import dev.trellis.serve.internal.metrics.ReplicaMetrics;
import dev.trellis.serve.internal.multiplex.ModelCallScope;
import dev.trellis.serve.internal.multiplex.MultiplexedModels;
import dev.trellis.serve.internal.observe.ReplicaObserver;
import java.util.concurrent.Semaphore;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * One replica: owns one instance of the user's class and runs calls on it, each on its own
 * virtual thread, at most {@code max_ongoing_requests} at once (more can only arrive when
 * several routers share the replica; they wait here in order). Every {@link HandleRequest} gets
 * exactly one {@link ReplicaReply}: the result, a failure, or {@code Rejected} when the call was
 * never started (draining or crashed), which the router retries elsewhere.
 *
 * <p>Callers in the same JVM may start a call without a message ({@link ReplicaAdmission}, listed
 * in {@link LocalReplicas}): the limit, the queue's order, draining and crashes hold the same
 * for both paths, since both take their slot there. So the collections below that call threads
 * touch are concurrent, and a call's thread cleans up after itself; it tells this actor that it
 * ended only when that matters (calls wait, the replica drains, or the call crashed it).
 *
 * <p>Life cycle: construct (and first reconfigure) on a virtual thread, report
 * {@code Started}/{@code StartFailed} to the controller; serve; on {@link Drain}, reject new calls,
 * finish in-flight ones (checking every {@code graceful_shutdown_wait_loop}), close the user
 * object if it is {@link AutoCloseable}, stop. An {@link Error} thrown by user code is fatal, as
 * for a JVM thread: the replica fails its calls with REPLICA_DIED, reports {@code Crashed}, and
 * the controller replaces it.
 */
public final class ReplicaActor extends AbstractBehavior<ReplicaCommand> {
    private final ReplicaSetup setup;
    private final ReplicaObserver observer;
    private final TimerScheduler<ReplicaCommand> timers;
    private final ArrayDeque<HandleRequest> waiting = new ArrayDeque<>();
    /** Calls running now, by request id: written by the threads that start and end them, read to cancel. */
    private final Map<Long, Thread> running = new ConcurrentHashMap<>();
    private final Set<Long> cancelled = ConcurrentHashMap.newKeySet();
    /** Flow control of streaming calls: items a call may still send. Shared with its thread. */
    private final Map<Long, Semaphore> credits = new ConcurrentHashMap<>();
    /** Removed from the registry when the actor stops. Its gauges read the two collections above without a lock. */
    private final ReplicaMetrics metrics;
    private final ReplicaAdmission admission;
    private final ActorRef<ReplicaCommand> self;
    /** Set once, by this actor, before any call starts; read by the threads that start calls directly. */
    private volatile ReplicaInstance instance;
    private JsonNode userConfig;
    private boolean draining;
    private boolean closing;
    /** Set by the call thread that hit a fatal error, before it replies; read by every thread. */
    private volatile String crashed;
    private boolean crashReported;

    private record Constructed(ReplicaInstance instance) implements ReplicaCommand, NoSerializationVerificationNeeded {
    }

    private record ConstructionFailed(String message) implements ReplicaCommand, NoSerializationVerificationNeeded {
    }

    private record CallFinished(long requestId, Throwable fatal) implements ReplicaCommand, NoSerializationVerificationNeeded {
    }

    private record DrainCheck() implements ReplicaCommand, NoSerializationVerificationNeeded {
    }

    private record Closed() implements ReplicaCommand, NoSerializationVerificationNeeded {
    }

    public static Behavior<ReplicaCommand> create(ReplicaSetup setup) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new ReplicaActor(ctx, timers, setup)));
    }

    private ReplicaActor(ActorContext<ReplicaCommand> ctx, TimerScheduler<ReplicaCommand> timers, ReplicaSetup setup) {
        super(ctx);
        this.setup = setup;
        this.observer = new ReplicaObserver(setup.tracing(), setup.spec().applicationName(), setup.spec().name(),
                setup.replicaId());
        this.timers = timers;
        this.admission = new ReplicaAdmission(setup.spec().config().maxOngoingRequests(), this::start);
        this.userConfig = setup.spec().config().userConfig();
        this.metrics = new ReplicaMetrics(setup.metrics(), setup.spec().applicationName(), setup.spec().name(),
                setup.replicaId(), running::size, waiting::size);
        this.self = ctx.getSelf();
        setup.localReplicas().register(self, admission);
        VirtualThreads.start(setup.replicaId() + "-init", observer.lifecycle(() -> {
            ReplicaInstance created = null;
            try {
                created = ReplicaInstance.create(setup.spec(), setup.handles(), setup.methods(), metrics::batches);
                registerModels(created.target());
                if (userConfig != null) {
                    created.reconfigure(userConfig);
                }
                self.tell(new Constructed(created));
            } catch (Throwable t) {
                MultiplexedModels.closeAndForget(created == null ? null : created.target());
                self.tell(new ConstructionFailed(describe(t)));
            }
        }));
    }

    /**
     * Gives the instance its multiplexed-model cache (if its class has a {@code @Multiplexed}
     * loader): loads run on their own virtual threads, and every change of the loaded ids is
     * reported to the controller, which passes it on to the routers.
     */
    private void registerModels(Object target) {
        String replicaId = setup.replicaId();
        var controller = setup.controller();
        var registered = MultiplexedModels.register(target, task -> VirtualThreads.start(replicaId + "-model-load", task),
                (version, ids) -> controller.tell(new ReplicaEvent.MultiplexedModelsChanged(replicaId, version, ids)));
        if (registered != null) {
            metrics.models(registered.cache());
        }
    }

    @Override
    public Receive<ReplicaCommand> createReceive() {
        return newReceiveBuilder()
                .onMessage(HandleRequest.class, this::onRequest)
                .onMessage(CallFinished.class, this::onCallFinished)
                .onMessage(CancelRequest.class, this::onCancel)
                .onMessage(StreamCredit.class, this::onCredit)
                .onMessage(Constructed.class, this::onConstructed)
                .onMessage(ConstructionFailed.class, this::onConstructionFailed)
                .onMessage(CheckHealth.class, this::onCheckHealth)
                .onMessage(Reconfigure.class, this::onReconfigure)
                .onMessage(Drain.class, this::onDrain)
                .onMessage(DrainCheck.class, m -> stopIfIdle())
                .onMessage(Closed.class, m -> Behaviors.stopped())
                .onSignal(PostStop.class, this::onPostStop)
                .build();
    }

    private Behavior<ReplicaCommand> onConstructed(Constructed c) {
        instance = c.instance();
        if (!draining) {
            admission.open();
        }
        setup.controller().tell(new ReplicaEvent.Started(setup.replicaId(), getContext().getSelf()));
        startWaiting();
        return draining ? stopIfIdle() : this;
    }

    private Behavior<ReplicaCommand> onConstructionFailed(ConstructionFailed f) {
        setup.controller().tell(new ReplicaEvent.StartFailed(setup.replicaId(), f.message()));
        rejectWaiting();
        return Behaviors.stopped();
    }

    private Behavior<ReplicaCommand> onRequest(HandleRequest request) {
        if (draining || crashed != null) {
            request.reply(new ReplicaReply.Rejected(request.requestId()));
        } else if (instance == null) {
            admission.queued();
            waiting.addLast(request);
        } else if (admission.admitOrQueue()) {
            start(request);
        } else {
            waiting.addLast(request);
        }
        return this;
    }

    /**
     * Runs {@code request}, whose slot is taken, on a new virtual thread, or on the caller's when it
     * offers to run it ({@link InlineCalls}). Called by this actor
     * and by callers starting calls directly ({@link ReplicaAdmission#tryStartDirect}), so it
     * touches only what is safe from any thread.
     */
    private void start(HandleRequest request) {
        long id = request.requestId();
        Semaphore credit = request.streaming() ? new Semaphore(request.streamCredit()) : null;
        if (credit != null) {
            credits.put(id, credit);
        }
        Runnable body = ModelCallScope.wrap(
                request.multiplexedModelId(), observer.wrap(request, () -> {
            long started = System.nanoTime();
            ReplicaReply reply;
            Throwable fatal = null;
            try {
                Object value = instance.invoke(request.method(), request.args());
                if (credit != null) {
                    ResultStreaming.send(value, credit, request, request::reply);
                    value = null;
                }
                reply = new ReplicaReply.Ok(id, request.method(), value);
            } catch (Error e) {
                fatal = e;
                // Marked before replying, so no call the caller sends next can start here.
                if (crashed == null) {
                    crashed = describe(e);
                }
                admission.close();
                reply = new ReplicaReply.Failed(id, FailureKind.REPLICA_DIED, e.getClass().getName(),
                        "replica " + setup.replicaId() + " crashed: " + describe(e));
            } catch (Throwable t) {
                reply = failed(id, t, cancelled.contains(id) ? FailureKind.CANCELLED : FailureKind.USER_EXCEPTION);
            }
            String crash = crashed;
            if (crash != null && fatal == null && !(reply instanceof ReplicaReply.Ok)) {
                reply = new ReplicaReply.Failed(id, FailureKind.REPLICA_DIED, "", "replica " + setup.replicaId()
                        + " crashed while running the call: " + crash);
            }
            metrics.callFinished(System.nanoTime() - started, !(reply instanceof ReplicaReply.Ok));
            ReplicaObserver.replied(reply);
            request.reply(reply);
            // Removed in this order: a cancel that finds no thread forgets its mark (onCancel).
            running.remove(id);
            credits.remove(id);
            cancelled.remove(id);
            if (admission.finish() || fatal != null) {
                self.tell(new CallFinished(id, fatal));
            }
        }));
        if (InlineCalls.take(body)) { // the caller's virtual thread runs it once it has submitted it
            running.put(id, Thread.currentThread());
            return;
        }
        Thread thread = VirtualThreads.unstarted(setup.replicaId() + "-call-" + id, body);
        running.put(id, thread);
        thread.start();
    }

    /**
     * A {@link UserCodeException} that user code lets through (a failure of a deployment it
     * called) keeps the type and message of the code that first threw, so a chain of deployments
     * reports, and the HTTP layer maps, the original failure rather than a wrapper of it. An
     * {@link dev.trellis.serve.InvalidInputException} (or one passed on) is {@code INVALID_INPUT}.
     */
    private static ReplicaReply.Failed failed(long id, Throwable t, FailureKind kind) {
        if (kind != FailureKind.USER_EXCEPTION) {
            return new ReplicaReply.Failed(id, kind, t.getClass().getName(), t.getMessage());
        }
        UserCodeException user = UserCodeException.of(t);
        return new ReplicaReply.Failed(id, user.invalidInput() ? FailureKind.INVALID_INPUT : FailureKind.USER_EXCEPTION,
                user.exceptionType(), user.userMessage());
    }

    private Behavior<ReplicaCommand> onCredit(StreamCredit grant) {
        Semaphore credit = credits.get(grant.requestId());
        if (credit != null) {
            credit.release(grant.items());
        }
        return this;
    }

    private Behavior<ReplicaCommand> onCallFinished(CallFinished done) {
        if (done.fatal() != null && !crashReported) {
            crash(crashed);
        }
        startWaiting();
        return draining ? stopIfIdle() : this;
    }

    private void crash(String message) {
        crashReported = true;
        getContext().getLog().error("replica {} crashed: {}", setup.replicaId(), message);
        running.values().forEach(Thread::interrupt);
        rejectWaiting();
        setup.controller().tell(new ReplicaEvent.Crashed(setup.replicaId(), message));
    }

    private void startWaiting() {
        while (instance != null && crashed == null && !waiting.isEmpty() && admission.admitWaiting()) {
            start(waiting.pollFirst());
        }
    }

    private void rejectWaiting() {
        HandleRequest r;
        while ((r = waiting.pollFirst()) != null) {
            admission.dequeued(1);
            r.reply(new ReplicaReply.Rejected(r.requestId()));
        }
    }

    private Behavior<ReplicaCommand> onCancel(CancelRequest cancel) {
        for (var it = waiting.iterator(); it.hasNext(); ) {
            HandleRequest r = it.next();
            if (r.requestId() == cancel.requestId()) {
                it.remove();
                admission.dequeued(1);
                r.reply(new ReplicaReply.Failed(r.requestId(), FailureKind.CANCELLED, "", "cancelled before it started"));
                return this;
            }
        }
        // Marked before the thread is looked up: a call ending now removes its thread, then its mark.
        cancelled.add(cancel.requestId());
        Thread t = running.get(cancel.requestId());
        if (t != null) {
            t.interrupt();
        } else {
            cancelled.remove(cancel.requestId());
        }
        return this;
    }

    private Behavior<ReplicaCommand> onCheckHealth(CheckHealth check) {
        if (crashed != null) {
            check.replyTo().tell(new CheckHealth.HealthReport(false, "replica crashed: " + crashed));
            return this;
        }
        if (instance == null) {
            check.replyTo().tell(new CheckHealth.HealthReport(true, "starting"));
            return this;
        }
        var target = instance;
        VirtualThreads.start(setup.replicaId() + "-health", observer.lifecycle(() -> {
            try {
                target.checkHealth();
                check.replyTo().tell(new CheckHealth.HealthReport(true, ""));
            } catch (Throwable t) {
                check.replyTo().tell(new CheckHealth.HealthReport(false, describe(t)));
            }
        }));
        return this;
    }

    private Behavior<ReplicaCommand> onReconfigure(Reconfigure r) {
        admission.maxOngoing(r.maxOngoingRequests());
        boolean configChanged = !Objects.equals(userConfig, r.userConfig());
        userConfig = r.userConfig();
        startWaiting();
        if (!configChanged || instance == null || r.userConfig() == null) {
            r.replyTo().tell(new Reconfigure.Reconfigured(true, ""));
            return this;
        }
        var target = instance;
        VirtualThreads.start(setup.replicaId() + "-reconfigure", observer.lifecycle(() -> {
            try {
                target.reconfigure(r.userConfig());
                r.replyTo().tell(new Reconfigure.Reconfigured(true, ""));
            } catch (Throwable t) {
                r.replyTo().tell(new Reconfigure.Reconfigured(false, "reconfigure failed: " + describe(t)));
            }
        }));
        return this;
    }

    private Behavior<ReplicaCommand> onDrain(Drain drain) {
        if (!draining) {
            draining = true;
            admission.close();
            timers.startTimerWithFixedDelay(new DrainCheck(), drain.waitLoop());
        }
        return stopIfIdle();
    }

    private Behavior<ReplicaCommand> stopIfIdle() {
        if (closing || admission.ongoing() > 0 || !waiting.isEmpty() || (instance == null && crashed == null)) {
            return this;
        }
        closing = true;
        timers.cancelAll();
        var target = instance;
        VirtualThreads.start(setup.replicaId() + "-close", observer.lifecycle(() -> {
            try {
                if (target != null) {
                    // The models first: the instance that loaded them may hold what they need.
                    MultiplexedModels.closeAndForget(target.target());
                    target.close();
                }
            } catch (Throwable t) {
                org.slf4j.LoggerFactory.getLogger(ReplicaActor.class)
                        .warn("replica {}: close() threw {}", setup.replicaId(), describe(t));
            }
            self.tell(new Closed());
        }));
        return this;
    }

    /**
     * The actor stopped: after {@code close} (nothing left to do) or killed (drain overran,
     * crash). A killed replica's instance is not closed (it may be stuck), but its multiplexed
     * models are, off the actor thread, so they do not outlive the replica.
     */
    private Behavior<ReplicaCommand> onPostStop(PostStop stop) {
        admission.close();
        setup.localReplicas().unregister(self);
        metrics.close();
        var target = instance;
        if (target != null && !closing) {
            VirtualThreads.start(setup.replicaId() + "-close-models", () -> MultiplexedModels.closeAndForget(target.target()));
        }
        return this;
    }

    static String describe(Throwable t) {
        String msg = t.getClass().getName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
        Throwable cause = t.getCause();
        return cause != null && cause != t ? msg + " (caused by " + describe(cause) + ")" : msg;
    }
}
