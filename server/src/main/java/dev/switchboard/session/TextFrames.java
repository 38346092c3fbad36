package dev.switchboard.session;

import java.util.Arrays;

/**
 * Server-to-client WebSocket frames (RFC 6455 section 5.2): FIN set, no mask, no extensions (the
 * server negotiates none). A session event is framed once, when it happens, and the same bytes go to
 * every connection and into the resume log; this replaces Tyrus's per-frame encoder, which
 * re-encodes the text and allocates a charset for every frame it sends.
 */
public final class TextFrames {

    private static final int TEXT = 0x81;
    private static final int CLOSE = 0x88;
    private static final int PING = 0x89;
    private static final int MAX_CONTROL_PAYLOAD = 125;

    private TextFrames() {
    }

    /** The most header bytes a frame needs: room to leave in front of a payload built in place. */
    static final int MAX_HEADER = 10;

    /** A whole text frame around {@code utf8}, which must be valid UTF-8. */
    public static byte[] text(byte[] utf8) {
        return frame(TEXT, utf8, 0, utf8.length);
    }

    /**
     * A close frame with {@code code} and as much of {@code reason} as fits a control frame (123 bytes
     * of UTF-8, cut at a character boundary).
     */
    public static byte[] close(int code, String reason) {
        byte[] text = reason.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int n = Math.min(text.length, MAX_CONTROL_PAYLOAD - 2);
        while (n < text.length && n > 0 && (text[n] & 0xC0) == 0x80) {
            n--; // not in the middle of a character
        }
        byte[] payload = new byte[2 + n];
        payload[0] = (byte) (code >>> 8);
        payload[1] = (byte) code;
        System.arraycopy(text, 0, payload, 2, n);
        return frame(CLOSE, payload, 0, payload.length);
    }

    /** A ping frame with a payload of at most 125 bytes. */
    public static byte[] ping(byte[] payload) {
        return frame(PING, payload, 0, payload.length);
    }

    /**
     * A text frame whose payload was built in {@code buf[MAX_HEADER, end)}, leaving room in front:
     * the header goes just before the payload and the frame is cut out with one copy.
     */
    static byte[] textFromHeadroom(byte[] buf, int end) {
        int n = end - MAX_HEADER;
        int start = MAX_HEADER - headerLength(n);
        writeHeader(TEXT, n, buf, start);
        return Arrays.copyOfRange(buf, start, end);
    }

    /** A text frame for a payload of {@code n} bytes: the header written, the payload left to fill at the end. */
    static byte[] newText(int n) {
        byte[] frame = new byte[headerLength(n) + n];
        writeHeader(TEXT, n, frame, 0);
        return frame;
    }

    private static int headerLength(int n) {
        return n < 126 ? 2 : n <= 0xFFFF ? 4 : 10;
    }

    private static byte[] frame(int first, byte[] payload, int from, int n) {
        int header = headerLength(n);
        byte[] frame = new byte[header + n];
        writeHeader(first, n, frame, 0);
        System.arraycopy(payload, from, frame, header, n);
        return frame;
    }

    private static void writeHeader(int first, int n, byte[] frame, int at) {
        frame[at] = (byte) first;
        if (n < 126) {
            frame[at + 1] = (byte) n;
        } else if (n <= 0xFFFF) {
            frame[at + 1] = 126;
            frame[at + 2] = (byte) (n >>> 8);
            frame[at + 3] = (byte) n;
        } else {
            frame[at + 1] = 127;
            for (int i = 0; i < 8; i++) {
                frame[at + 2 + i] = (byte) ((long) n >>> (56 - 8 * i));
            }
        }
    }
}
