package dev.switchboard.backend;

import java.util.concurrent.atomic.AtomicReference;

/**
 * How many characters of this backend's messages make one token of its model, learned from what the
 * model server reports: a reply's {@code usage.prompt_tokens} against the characters of message text
 * its request carried (and, the same way, the request size a context error states). Until the server
 * has reported any, {@link #DEFAULT} characters a token, the usual figure for English text with the
 * tokenizers of current models. The tokens a chat template adds around each message are in the
 * server's count, so they are in the ratio too: estimates err on the side of more tokens.
 *
 * <p>Each observation moves the ratio a quarter of the way towards it, so it follows what a backend's
 * users write (prose, code, another language) within a few prompts, and one odd request does not
 * swing it. An observation outside {@link #MIN} to {@link #MAX} characters a token is clamped: no
 * tokenizer is that far off, so it is a server counting something else.
 *
 * <p>Concurrency: one ratio is shared by every session of a backend. It is an immutable value in an
 * {@link AtomicReference}; {@link #learn} replaces it by compare-and-set ({@code updateAndGet}), so
 * observations made at the same time all count, and a reader always sees one whole value.
 */
final class TokenRatio {

    /** Characters a token until the server has reported usage. */
    static final double DEFAULT = 4.0;
    static final double MIN = 0.5;
    static final double MAX = 16.0;
    private static final double WEIGHT = 0.25;

    private final AtomicReference<Estimate> estimate = new AtomicReference<>(new Estimate(DEFAULT, 0));

    /** Characters a token, as known now. */
    double charsPerToken() {
        return estimate.get().charsPerToken();
    }

    /** How many observations the ratio was learned from. */
    long observations() {
        return estimate.get().observations();
    }

    /** The tokens {@code chars} characters of message text are estimated to make. */
    int tokens(long chars) {
        return (int) Math.min(Integer.MAX_VALUE, (long) Math.ceil(chars / charsPerToken()));
    }

    /** A request of {@code chars} characters of message text was counted as {@code tokens} tokens. */
    void learn(long chars, long tokens) {
        if (chars <= 0 || tokens <= 0) {
            return;
        }
        double seen = Math.max(MIN, Math.min(MAX, (double) chars / tokens));
        estimate.updateAndGet(e -> e.observations() == 0 ? new Estimate(seen, 1)
                : new Estimate(e.charsPerToken() + (seen - e.charsPerToken()) * WEIGHT, e.observations() + 1));
    }

    private record Estimate(double charsPerToken, long observations) {
    }
}
