package dev.switchboard.transport;

import org.glassfish.grizzly.Buffer;

/**
 * Follows one connection's incoming WebSocket frames (RFC 6455 section 5.2) header by header as the
 * bytes arrive, before Tyrus buffers them:
 * <ul>
 *   <li>a frame, or a message sent in fragments, larger than {@code max-frame-bytes} is refused at the
 *       header that makes it so, instead of after Tyrus has held megabytes of it;</li>
 *   <li>a frame or message left unfinished can be timed out ({@link #unfinishedFor});</li>
 *   <li>once the connection is closing ({@link #discard}), nothing more reaches Tyrus, and the peer's
 *       answering close frame is reported, so the TCP connection is closed only once the peer has
 *       stopped sending. Closed earlier, with the peer's bytes still arriving, the kernel would answer
 *       them with a reset, and the peer could lose our close frame.</li>
 * </ul>
 * It only reads headers and counts payload bytes; the bytes themselves pass on to Tyrus untouched.
 *
 * <p>Concurrency: {@link #scan} runs on the connection's selector thread, one read at a time (Grizzly
 * serialises a connection's reads). {@code discarding}, {@code partial} and {@code partialSince} are
 * volatile: {@link #discard} comes from whichever thread closes the connection, and the connection
 * sweep reads the other two from a timer thread. The rest is the selector thread's alone.
 */
final class InboundFrames {

    /** What the frames tell the connection. */
    interface Listener {
        /** A frame or message broke the size limit: close with 1009. */
        void tooLarge(String why);

        /** The peer's close frame has arrived while closing: it sends nothing more, close TCP. */
        void peerClosed();
    }

    private static final int CONTINUATION = 0x0;
    private static final int CLOSE = 0x8;

    private final long maxMessageBytes;
    private final Listener listener;

    private final byte[] header = new byte[14];
    private int headerLength; // bytes of the current header read so far; 0 between frames
    private long payloadLeft; // payload bytes of the current frame still to come
    private int opcode; // the current frame's
    private boolean finalFrame; // the current frame has FIN set
    private long messageBytes; // payload bytes of the current data message so far
    private boolean inMessage; // a data message has begun and its final frame has not
    private volatile boolean discarding;
    private volatile boolean partial;
    private volatile long partialSince;

    /**
     * @param maxMessageBytes the most payload bytes a frame, or a message across its fragments, may
     *     have
     */
    InboundFrames(long maxMessageBytes, Listener listener) {
        this.maxMessageBytes = maxMessageBytes;
        this.listener = listener;
    }

    /** From now on nothing reaches Tyrus: the connection is closing. Safe from any thread, twice. */
    void discard() {
        discarding = true;
        partial = false;
    }

    /** Whether the connection is closing, so that nothing more reaches Tyrus. */
    boolean isDiscarding() {
        return discarding;
    }

    /**
     * Reads the headers in {@code buffer}'s remaining bytes, read at {@code now} on the server's clock.
     *
     * @return how many of those bytes (from its position) go on to Tyrus: all of them, or those before
     *     the header that broke the limit, or none once the connection is closing
     */
    int scan(Buffer buffer, long now) {
        int start = buffer.position();
        int end = buffer.limit();
        int passed = discarding ? 0 : -1; // -1: all of it so far
        int at = start;
        while (at < end) {
            if (payloadLeft > 0) {
                int skip = (int) Math.min(payloadLeft, end - at);
                at += skip;
                payloadLeft -= skip;
                if (payloadLeft == 0) {
                    frameEnded();
                }
                continue;
            }
            int headerStart = at - headerLength;
            header[headerLength++] = buffer.get(at++);
            if (headerLength < headerSize()) {
                continue;
            }
            headerLength = 0;
            if (!headerRead() && passed < 0) {
                passed = Math.max(0, headerStart - start);
                discard();
            }
        }
        if (passed >= 0 || discarding) {
            return Math.max(0, passed);
        }
        boolean nowPartial = headerLength > 0 || payloadLeft > 0 || inMessage;
        if (nowPartial && !partial) {
            partialSince = now;
        }
        partial = nowPartial;
        return end - start;
    }

    /**
     * True when a frame or fragmented message has been unfinished for longer than {@code timeoutNanos}
     * at {@code now}.
     */
    boolean unfinishedFor(long timeoutNanos, long now) {
        return partial && !discarding && now - partialSince > timeoutNanos;
    }

    /** Bytes the header being read takes in all, as far as its first bytes tell. */
    private int headerSize() {
        if (headerLength < 2) {
            return 2;
        }
        int length7 = header[1] & 0x7F;
        int size = 2 + (length7 == 126 ? 2 : length7 == 127 ? 8 : 0);
        return (header[1] & 0x80) != 0 ? size + 4 : size;
    }

    /** A whole header has been read; false when it breaks the limit (and the listener was told). */
    private boolean headerRead() {
        opcode = header[0] & 0x0F;
        finalFrame = (header[0] & 0x80) != 0;
        long length = header[1] & 0x7F;
        if (length == 126) {
            length = (header[2] & 0xFFL) << 8 | header[3] & 0xFFL;
        } else if (length == 127) {
            length = 0;
            for (int i = 2; i < 10; i++) {
                length = length << 8 | header[i] & 0xFFL;
            }
        }
        boolean ok = true;
        if (opcode < CLOSE && !discarding) {
            long total = (opcode == CONTINUATION ? messageBytes : 0) + length;
            if (length < 0 || total > maxMessageBytes) {
                listener.tooLarge("frame larger than "
                        + maxMessageBytes + " bytes");
                ok = false;
            } else {
                messageBytes = total;
                inMessage = true;
            }
        }
        payloadLeft = length < 0 ? Long.MAX_VALUE : length;
        if (payloadLeft == 0) {
            frameEnded();
        }
        return ok;
    }

    private void frameEnded() {
        if (opcode < CLOSE && finalFrame) {
            inMessage = false;
            messageBytes = 0;
        } else if (opcode == CLOSE && discarding) {
            listener.peerClosed();
        }
    }
}
