package dev.trellis.serve.internal.observe;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Makes request ids for requests that come without one (an HTTP request with no
 * {@code x-request-id}, a handle call made outside any request): random (version 4) UUIDs, as
 * Ray Serve's proxy makes. Ids must be unique, not unguessable, so they come from
 * {@link ThreadLocalRandom} rather than the slower, contended {@code SecureRandom} of
 * {@link UUID#randomUUID()}.
 */
public final class RequestIds {
    private RequestIds() {
    }

    public static String next() {
        var random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(high, low).toString();
    }
}
