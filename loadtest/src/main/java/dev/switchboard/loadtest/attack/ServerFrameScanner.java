package dev.switchboard.loadtest.attack;

import java.io.ByteArrayOutputStream;

/**
 * Reads the frames a server sends on a hand-made WebSocket (unmasked, RFC 6455 section 5.2), as
 * bytes arrive in any pieces, and tells what it saw: each frame's opcode and length, and a close
 * frame's code. Payloads are skipped, not kept, except the two code bytes of a close frame.
 *
 * <p>Not thread-safe: one per socket, fed from its event loop.
 */
final class ServerFrameScanner {

    /** What the scanner saw. */
    interface Listener {
        /** A frame's header was read; its payload follows (and is skipped). */
        void frame(int opcode, long length);

        /** A close frame ended; {@code code} is 1005 when it carried none. */
        void close(int code);
    }

    private static final int NO_STATUS = 1005;

    private final Listener listener;
    private final ByteArrayOutputStream header = new ByteArrayOutputStream(14);
    private long remaining; // payload bytes still to skip, after a header
    private boolean inPayload;
    private int opcode;
    private final byte[] closeCode = new byte[2];
    private int closeCodeBytes;

    ServerFrameScanner(Listener listener) {
        this.listener = listener;
    }

    /** Takes the next {@code length} bytes of the stream from {@code bytes[offset]}. */
    void feed(byte[] bytes, int offset, int length) {
        int at = offset;
        int end = offset + length;
        while (at < end) {
            if (!inPayload) {
                header.write(bytes[at++]);
                headerMaybeDone();
            } else {
                int take = (int) Math.min(remaining, end - at);
                if (opcode == RawWebSocket.CLOSE) {
                    for (int i = 0; i < take && closeCodeBytes < 2; i++) {
                        closeCode[closeCodeBytes++] = bytes[at + i];
                    }
                }
                at += take;
                remaining -= take;
                if (remaining == 0) {
                    payloadDone();
                }
            }
        }
    }

    private void headerMaybeDone() {
        byte[] h = header.toByteArray();
        if (h.length < 2) {
            return;
        }
        int len7 = h[1] & 0x7F;
        int lengthBytes = len7 == 126 ? 2 : len7 == 127 ? 8 : 0;
        int maskBytes = (h[1] & 0x80) != 0 ? 4 : 0; // a server must not mask, but one that does is still read
        if (h.length < 2 + lengthBytes + maskBytes) {
            return;
        }
        long length = len7;
        if (lengthBytes > 0) {
            length = 0;
            for (int i = 0; i < lengthBytes; i++) {
                length = (length << 8) | (h[2 + i] & 0xFF);
            }
        }
        opcode = h[0] & 0x0F;
        header.reset();
        closeCodeBytes = 0;
        listener.frame(opcode, length);
        remaining = length;
        inPayload = true;
        if (remaining == 0) {
            payloadDone();
        }
    }

    private void payloadDone() {
        inPayload = false;
        if (opcode == RawWebSocket.CLOSE) {
            listener.close(closeCodeBytes == 2 ? ((closeCode[0] & 0xFF) << 8) | (closeCode[1] & 0xFF) : NO_STATUS);
        }
    }
}
