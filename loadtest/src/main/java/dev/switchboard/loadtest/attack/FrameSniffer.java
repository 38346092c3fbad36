package dev.switchboard.loadtest.attack;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Finds a frame's {@code type}, an error's {@code code} and a welcome's {@code session} in its bytes
 * without parsing the JSON: attackers count what comes back and never check it, and a burst brings
 * hundreds of thousands of frames a second, on the cores the server runs on.
 *
 * <p>It looks for {@code "name":"} and reads to the next quote. Inside a JSON string a quote is
 * always escaped, so that sequence can only be a member name, and the server writes {@code type},
 * {@code code} and {@code session} near the start of its top-level object, before any nested one
 * (only the first {@value #SEARCHED} bytes are searched).
 *
 * <p>Stateless.
 */
final class FrameSniffer {

    /** Bytes searched from the start of a frame. */
    static final int SEARCHED = 256;

    private static final byte[] TYPE = needle("type");
    private static final byte[] CODE = needle("code");
    private static final byte[] SESSION = needle("session");

    private FrameSniffer() {
    }

    /** The frame's type, or "?" when none is found. */
    static String type(ByteBuf frame) {
        String t = value(frame, TYPE);
        return t == null ? "?" : t;
    }

    /** An error frame's code, or "?" when none is found. */
    static String code(ByteBuf frame) {
        String c = value(frame, CODE);
        return c == null ? "?" : c;
    }

    /** A welcome's session id, or null when none is found. */
    static String session(ByteBuf frame) {
        return value(frame, SESSION);
    }

    private static byte[] needle(String name) {
        return ("\"" + name + "\":\"").getBytes(StandardCharsets.US_ASCII);
    }

    private static String value(ByteBuf frame, byte[] needle) {
        int from = frame.readerIndex();
        int end = Math.min(frame.writerIndex(), from + SEARCHED);
        outer:
        for (int i = from; i + needle.length <= end; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (frame.getByte(i + j) != needle[j]) {
                    continue outer;
                }
            }
            int start = i + needle.length;
            int close = frame.indexOf(start, Math.min(frame.writerIndex(), start + SEARCHED), (byte) '"');
            return close < 0 ? null : frame.toString(start, close - start, StandardCharsets.UTF_8);
        }
        return null;
    }
}
