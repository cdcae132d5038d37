package dev.trellis.core.internal.runtime;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The URLs a node's services advertise in its report, by name ({@code metrics},
 * {@code serve-proxy}, ...). A name holds one URL: advertising it again replaces it. Only
 * absolute {@code http} and {@code https} URLs with a host are taken, so that whoever reads a
 * report (the status command, the Prometheus target list) can use each one as it is.
 * Thread-safe.
 */
final class AdvertisedEndpoints {
    private final ConcurrentSkipListMap<String, String> urls = new ConcurrentSkipListMap<>();

    /** Advertises {@code url} under {@code name}, replacing what that name advertised. */
    void advertise(String name, String url) {
        LibraryHoldings.checkName("an endpoint name", name);
        urls.put(name, checkUrl(name, url));
    }

    /** Stops advertising {@code url} under {@code name}; nothing if {@code name} advertises another URL or none. */
    void withdraw(String name, String url) {
        urls.remove(LibraryHoldings.checkName("an endpoint name", name), url);
    }

    Map<String, String> snapshot() {
        return new TreeMap<>(urls);
    }

    private static String checkUrl(String name, String url) {
        String problem;
        if (url == null || url.isBlank()) {
            problem = "is empty";
        } else if (!url.startsWith("http://") && !url.startsWith("https://")) {
            problem = "is not an http or https URL";
        } else {
            try {
                if (new URI(url).getHost() == null) {
                    problem = "has no host";
                } else {
                    return url;
                }
            } catch (URISyntaxException e) {
                problem = "is not a URL (" + e.getReason() + " at index " + e.getIndex() + ")";
            }
        }
        throw new IllegalArgumentException("the URL of endpoint '" + name + "' must be an absolute http or https URL"
                + " with a host (http://HOST:PORT/PATH); " + (url == null ? "null" : "'" + url + "'") + " " + problem);
    }
}
