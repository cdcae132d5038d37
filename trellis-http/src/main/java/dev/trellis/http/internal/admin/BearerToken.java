package dev.trellis.http.internal.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The admin API's shared secret. Checks {@code Authorization: Bearer <token>} in constant time
 * ({@link MessageDigest#isEqual}) so that response timing reveals nothing about the token.
 */
final class BearerToken {
    private static final String SCHEME = "bearer ";
    private final byte[] token;

    BearerToken(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("the admin token must not be blank");
        }
        this.token = token.strip().getBytes(StandardCharsets.UTF_8);
    }

    /** Whether {@code authorization} (the header's value, may be null) carries this token. */
    boolean accepts(String authorization) {
        if (authorization == null || authorization.length() < SCHEME.length()
                || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return false;
        }
        byte[] given = authorization.substring(SCHEME.length()).strip().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(token, given);
    }
}
