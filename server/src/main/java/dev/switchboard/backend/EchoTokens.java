package dev.switchboard.backend;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a reply into echo tokens: each token is one word with the whitespace that follows it (the
 * first also carries any leading whitespace), so the tokens concatenate to the reply exactly.
 */
final class EchoTokens {

    private EchoTokens() {
    }

    /** The whole reply as its tokens (the blocking mode and tests; the paced mode walks {@link #end}). */
    static List<String> split(String reply) {
        List<String> tokens = new ArrayList<>();
        for (int start = 0; start < reply.length(); ) {
            int end = end(reply, start);
            tokens.add(reply.substring(start, end));
            start = end;
        }
        return tokens;
    }

    /**
     * Where the token that starts at {@code start} ends: before the first word after a word and the
     * whitespace behind it, or at the end of the reply. {@code start} must be below the reply's length.
     */
    static int end(String reply, int start) {
        boolean word = false;
        for (int i = start + 1; i < reply.length(); i++) {
            boolean spaceBefore = Character.isWhitespace(reply.charAt(i - 1));
            word |= !spaceBefore;
            if (spaceBefore && word && !Character.isWhitespace(reply.charAt(i))) {
                return i;
            }
        }
        return reply.length();
    }

    /** The reply: {@code text} repeated, joined by one space. */
    static String reply(String text, int repeat) {
        if (repeat == 1) {
            return text;
        }
        StringBuilder out = new StringBuilder((text.length() + 1) * repeat);
        for (int i = 0; i < repeat; i++) {
            if (i > 0) {
                out.append(' ');
            }
            out.append(text);
        }
        return out.toString();
    }
}
