package dev.switchboard.session;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A minimal JSON writer straight to UTF-8 bytes, for the frames sent once per token: no
 * intermediate String, no reflection. Escapes what RFC 8259 requires (quote, backslash, control
 * characters) and U+2028/U+2029 (for JavaScript's sake); encodes the rest as UTF-8, with a lone
 * surrogate as U+FFFD.
 *
 * <p>Not thread-safe: one per frame being built.
 */
final class JsonBytes {

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private byte[] buf;
    private int len;

    /** A writer whose output will be framed: it leaves room for the WebSocket header in front. */
    JsonBytes(int capacity) {
        buf = new byte[TextFrames.MAX_HEADER + capacity];
        len = TextFrames.MAX_HEADER;
    }

    /** Appends ASCII text as it is (keys, punctuation). */
    JsonBytes raw(String ascii) {
        ensure(ascii.length());
        for (int i = 0; i < ascii.length(); i++) {
            buf[len++] = (byte) ascii.charAt(i);
        }
        return this;
    }

    JsonBytes number(long n) {
        return raw(Long.toString(n));
    }

    /** Appends {@code s} as a quoted JSON string. */
    JsonBytes string(String s) {
        ensure(s.length() * 3 + 2);
        buf[len++] = '"';
        for (int i = 0; i < s.length(); i++) {
            if (len + 7 > buf.length) {
                ensure(7 + (s.length() - i) * 3); // an escape takes 6 bytes, then the closing quote
            }
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
                buf[len++] = (byte) c;
            } else if (c < 0x80) {
                escapeAscii(c);
            } else if (c < 0x800) {
                buf[len++] = (byte) (0xC0 | (c >> 6));
                buf[len++] = (byte) (0x80 | (c & 0x3F));
            } else if (c == '\u2028' || c == '\u2029') {
                unicodeEscape(c);
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                buf[len++] = (byte) (0xF0 | (cp >> 18));
                buf[len++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                buf[len++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                buf[len++] = (byte) (0x80 | (cp & 0x3F));
            } else {
                char u = Character.isSurrogate(c) ? '\uFFFD' : c;
                buf[len++] = (byte) (0xE0 | (u >> 12));
                buf[len++] = (byte) (0x80 | ((u >> 6) & 0x3F));
                buf[len++] = (byte) (0x80 | (u & 0x3F));
            }
        }
        ensure(1);
        buf[len++] = '"';
        return this;
    }

    /** The JSON written, as a complete WebSocket text frame. */
    byte[] toFrame() {
        return TextFrames.textFromHeadroom(buf, len);
    }

    private void escapeAscii(char c) {
        buf[len++] = '\\';
        switch (c) {
            case '"' -> buf[len++] = '"';
            case '\\' -> buf[len++] = '\\';
            case '\n' -> buf[len++] = 'n';
            case '\r' -> buf[len++] = 'r';
            case '\t' -> buf[len++] = 't';
            case '\b' -> buf[len++] = 'b';
            case '\f' -> buf[len++] = 'f';
            default -> {
                len--;
                unicodeEscape(c);
            }
        }
    }

    private void unicodeEscape(char c) {
        buf[len++] = '\\';
        buf[len++] = 'u';
        buf[len++] = HEX[(c >> 12) & 0xF];
        buf[len++] = HEX[(c >> 8) & 0xF];
        buf[len++] = HEX[(c >> 4) & 0xF];
        buf[len++] = HEX[c & 0xF];
    }

    private void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }
    }
}
