package dev.switchboard.session;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Makes session ids: 128 bits from {@link SecureRandom}, base64url without padding (22 characters).
 * Knowing an id is what lets a connection attach, so ids must not be guessable.
 *
 * <p>Concurrency: {@link SecureRandom} is thread-safe.
 */
public final class SessionId {

    private static final int BYTES = 16;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private final SecureRandom random = new SecureRandom();

    /** A new random id. */
    public String next() {
        byte[] bytes = new byte[BYTES];
        random.nextBytes(bytes);
        return ENCODER.encodeToString(bytes);
    }

    /** True when {@code id} has the shape of an id this class makes (cheap check before a lookup). */
    public static boolean isWellFormed(String id) {
        if (id.length() != 22) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
