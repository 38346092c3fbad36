package dev.switchboard.loadtest.attack;

import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The frames attackers send, made once where they do not change. Prompt texts are plain words with no
 * character JSON escapes, so the echo's frames stay cheap to skim (see {@link FrameSniffer}).
 *
 * <p>Stateless; the constants are immutable.
 */
final class AbuseTexts {

    /** A hello that asks for a new session. */
    static final String HELLO = "{\"type\":\"hello\"}";
    /** A cancel of the session's running generation. */
    static final String CANCEL = "{\"type\":\"cancel\"}";
    /** A cancel of a generation no session has. */
    static final String CANCEL_UNKNOWN = "{\"type\":\"cancel\",\"gen\":\"g999999999\"}";

    /**
     * 199 one-letter words (397 characters): repeated 10,000 times it is a reply of about two million
     * tokens and 3,979,999 characters, just under the echo's bound on a reply (4,000,000 characters on the
     * servers measured; longer words made the echo refuse the prompt at once, with reason error).
     */
    static final String BURST_TEXT = letters(199);
    /**
     * 32,000 characters, in words of 1,000 characters (the last one shorter): a big turn of history. Repeated
     * 122 times, 3,904,121 characters: under the echo's bound too.
     */
    static final String HUGE_TEXT = hugeText(32_000, 1_000);
    /** A short prompt for the queue floods. */
    static final String SHORT_TEXT = words("queue", 5);

    private AbuseTexts() {
    }

    /** A hello that names {@code session} (base64url, or any text JSON takes as is), without {@code after}. */
    static String helloTo(String session) {
        return "{\"type\":\"hello\",\"session\":\"" + plain(session) + "\"}";
    }

    /**
     * A prompt with {@code params} (a JSON object, as text). Written by concatenation: the floods make
     * hundreds of thousands a second. {@code id} is checked; {@code text} is one of the texts above, checked once.
     */
    static String prompt(String id, String text, String params) {
        return "{\"type\":\"prompt\",\"id\":\"" + plain(id) + "\",\"text\":\"" + text + "\",\"params\":"
                + params + "}";
    }

    /** {@code s}, if JSON takes it between quotes as it is; the texts above are checked once, below. */
    static String plain(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\' || c > 0x7E) {
                throw new IllegalArgumentException("not plain ASCII for JSON: " + s);
            }
        }
        return s;
    }

    static {
        plain(BURST_TEXT);
        plain(HUGE_TEXT);
        plain(SHORT_TEXT);
    }

    /** A well-formed session id (16 random bytes, 22 base64url characters) that no server has made. */
    static String randomSessionId() {
        byte[] b = new byte[16];
        ThreadLocalRandom.current().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static String words(String stem, int n) {
        StringBuilder s = new StringBuilder(n * (stem.length() + 4));
        for (int i = 1; i <= n; i++) {
            if (i > 1) {
                s.append(' ');
            }
            s.append(stem).append(i);
        }
        return s.toString();
    }

    private static String letters(int n) {
        StringBuilder s = new StringBuilder(n * 2);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                s.append(' ');
            }
            s.append((char) ('a' + i % 26));
        }
        return s.toString();
    }

    private static String hugeText(int chars, int wordChars) {
        StringBuilder s = new StringBuilder(chars);
        while (s.length() < chars) {
            if (!s.isEmpty()) {
                s.append(' ');
            }
            int word = Math.min(wordChars, chars - s.length());
            for (int i = 0; i < word; i++) {
                s.append((char) ('a' + i % 26));
            }
        }
        return s.toString();
    }
}
