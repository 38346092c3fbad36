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

    static List<String> split(String reply) {
        List<String> tokens = new ArrayList<>();
        int start = 0;
        for (int i = 1; i < reply.length(); i++) {
            if (Character.isWhitespace(reply.charAt(i - 1)) && !Character.isWhitespace(reply.charAt(i))
                    && hasWord(reply, start, i)) {
                tokens.add(reply.substring(start, i));
                start = i;
            }
        }
        if (start < reply.length()) {
            tokens.add(reply.substring(start));
        }
        return tokens;
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

    private static boolean hasWord(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!Character.isWhitespace(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}
