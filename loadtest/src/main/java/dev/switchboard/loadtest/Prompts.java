package dev.switchboard.loadtest;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Makes prompt texts: a nonce word unique in the run, then filler words, so that the echo reply has
 * exactly {@code tokens} tokens and names its owner.
 */
final class Prompts {

    private final int tokens;
    private final long runId;
    private final AtomicLong counter = new AtomicLong();

    Prompts(int tokens, long runId) {
        this.tokens = tokens;
        this.runId = runId;
    }

    /** A prompt for user {@code user}, never seen before in this run. */
    String next(int user) {
        StringBuilder text = new StringBuilder(tokens * 4 + 24);
        text.append('n').append(Long.toHexString(runId)).append('-').append(user).append('-')
                .append(counter.incrementAndGet());
        for (int i = 1; i < tokens; i++) {
            text.append(' ').append('w').append(i);
        }
        return text.toString();
    }

    /** Tokens in a piece of echo reply: each token is one word and the whitespace after it. */
    static int countTokens(String text) {
        int n = 0;
        boolean inWord = false;
        for (int i = 0; i < text.length(); i++) {
            boolean space = Character.isWhitespace(text.charAt(i));
            if (!space && !inWord) {
                n++;
            }
            inWord = !space;
        }
        return n;
    }
}
