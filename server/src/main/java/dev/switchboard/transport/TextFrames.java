package dev.switchboard.transport;

/**
 * Server-to-client WebSocket frames (RFC 6455 section 5.2): FIN set, no mask, no extensions (the
 * server negotiates none). Built here once per frame instead of through Tyrus's per-frame encoder,
 * which re-encodes the text and allocates a charset for every frame.
 */
final class TextFrames {

    private static final int TEXT = 0x81;
    private static final int PING = 0x89;

    private TextFrames() {
    }

    /** A whole text frame around {@code utf8}, which must be valid UTF-8. */
    static byte[] text(byte[] utf8) {
        return frame(TEXT, utf8);
    }

    /** A ping frame with a payload of at most 125 bytes. */
    static byte[] ping(byte[] payload) {
        return frame(PING, payload);
    }

    private static byte[] frame(int first, byte[] payload) {
        int n = payload.length;
        int header = n < 126 ? 2 : n <= 0xFFFF ? 4 : 10;
        byte[] frame = new byte[header + n];
        frame[0] = (byte) first;
        if (n < 126) {
            frame[1] = (byte) n;
        } else if (n <= 0xFFFF) {
            frame[1] = 126;
            frame[2] = (byte) (n >>> 8);
            frame[3] = (byte) n;
        } else {
            frame[1] = 127;
            for (int i = 0; i < 8; i++) {
                frame[2 + i] = (byte) ((long) n >>> (56 - 8 * i));
            }
        }
        System.arraycopy(payload, 0, frame, header, n);
        return frame;
    }
}
