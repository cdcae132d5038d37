package dev.trellis.serve.internal.observe;

import java.util.HashMap;
import java.util.Map;
import org.slf4j.MDC;

/**
 * The MDC keys Trellis sets while it runs code for a request, named as Ray Serve's JSON log
 * fields: {@code request_id}, {@code application}, {@code deployment}, {@code replica} (on
 * replicas) and {@code route} (on the proxy). Set on the thread for the length of the call and
 * removed after, so any SLF4J line user code writes inside a request carries them.
 *
 * <p>Trellis owns the MDC of the threads it runs this code on (a replica call's own virtual
 * thread, the proxy's threads): {@link #put} replaces the thread's whole context map in one
 * step and {@link #clear} drops it, so keys user code adds during a call end with the call.
 * One map swap instead of a put and a remove per key matters on the call path: Logback's MDC
 * touches two thread locals per put or remove, and a replica call's thread is new each time.
 *
 * <p>With Logback as the backend the fields are filled on demand ({@link #filledOnDemand()}):
 * {@code CallScope} does not touch the MDC at all until a line is about to be logged inside
 * it, when Trellis's turbo filter puts them there (see {@code DeploymentLevelFilter}); most calls
 * log nothing, and the MDC's thread locals cost a replica call about a fifth of its throughput
 * (measured with trellis-bench's handle scenario at 64 callers). With another backend, or once
 * Logback's configuration is reset (which drops the filter), they are put eagerly.
 */
public final class LogFields {
    public static final String REQUEST_ID = "request_id";
    public static final String APPLICATION = "application";
    public static final String DEPLOYMENT = "deployment";
    public static final String REPLICA = "replica";
    public static final String ROUTE = "route";

    private static volatile boolean filledOnDemand;

    private LogFields() {
    }

    /** Whether a filter of the logging backend fills the fields when a line is logged (else they are put eagerly). */
    public static boolean filledOnDemand() {
        return filledOnDemand;
    }

    /** Set by the backend's filter when it starts (true) and stops (false). */
    public static void filledOnDemand(boolean value) {
        filledOnDemand = value;
    }

    /** Makes the fields that are not null the thread's MDC. */
    public static void put(String requestId, String application, String deployment, String replica, String route) {
        var fields = new HashMap<String, String>(8);
        putIfSet(fields, REQUEST_ID, requestId);
        putIfSet(fields, APPLICATION, application);
        putIfSet(fields, DEPLOYMENT, deployment);
        putIfSet(fields, REPLICA, replica);
        putIfSet(fields, ROUTE, route);
        MDC.setContextMap(fields);
    }

    /** Clears the thread's MDC (the fields {@link #put} set, and anything added since). */
    public static void clear() {
        MDC.clear();
    }

    private static void putIfSet(Map<String, String> fields, String key, String value) {
        if (value != null) {
            fields.put(key, value);
        }
    }
}
