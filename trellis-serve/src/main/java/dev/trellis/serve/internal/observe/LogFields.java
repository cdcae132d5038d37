package dev.trellis.serve.internal.observe;

import org.slf4j.MDC;

/**
 * The MDC keys Trellis sets while it runs code for a request, named as Ray Serve's JSON log
 * fields: {@code request_id}, {@code application}, {@code deployment}, {@code replica} (on
 * replicas) and {@code route} (on the proxy). Set on the thread for the length of the call and
 * removed after, so any SLF4J line user code writes inside a request carries them.
 */
public final class LogFields {
    public static final String REQUEST_ID = "request_id";
    public static final String APPLICATION = "application";
    public static final String DEPLOYMENT = "deployment";
    public static final String REPLICA = "replica";
    public static final String ROUTE = "route";

    private LogFields() {
    }

    /** Puts the fields that are not null. */
    public static void put(String requestId, String application, String deployment, String replica, String route) {
        putIfSet(REQUEST_ID, requestId);
        putIfSet(APPLICATION, application);
        putIfSet(DEPLOYMENT, deployment);
        putIfSet(REPLICA, replica);
        putIfSet(ROUTE, route);
    }

    /** Removes every field {@link #put} may have set. */
    public static void clear() {
        MDC.remove(REQUEST_ID);
        MDC.remove(APPLICATION);
        MDC.remove(DEPLOYMENT);
        MDC.remove(REPLICA);
        MDC.remove(ROUTE);
    }

    private static void putIfSet(String key, String value) {
        if (value != null) {
            MDC.put(key, value);
        }
    }
}
