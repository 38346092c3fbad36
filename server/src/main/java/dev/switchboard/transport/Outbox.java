package dev.switchboard.transport;

import dev.switchboard.session.EventJson;
import dev.switchboard.session.SessionEvent;
import dev.switchboard.session.Subscriber;
import dev.switchboard.session.TextFrames;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import com.github.benmanes.caffeine.cache.Ticker;
import org.glassfish.grizzly.CompletionHandler;
import org.glassfish.grizzly.WriteResult;
import org.glassfish.grizzly.asyncqueue.WritableMessage;

/**
 * The only writer of data frames to one WebSocket. A socket must not be written by two threads at
 * once, and the transport's send queue has no bound, so every frame for this connection passes
 * through here. Frames are built once ({@link TextFrames}) and handed to the {@link SocketWriter}.
 *
 * <h2>Flow control</h2>
 * At most {@code maxInFlight} frames (and {@value #MAX_IN_FLIGHT_BYTES} bytes, though one frame of
 * any size may go alone) are handed to the socket and not yet written. Beyond that, frames
 * wait in {@code pending}, where consecutive tokens of one generation merge into one frame that
 * carries the highest seq (PROTOCOL.md allows it). A reader that makes no progress for
 * {@code stallNanos}, or lets more than {@code maxPending} unmergeable frames pile up, is closed;
 * it can resume from the last seq it saw. One slow reader costs only its own outbox. The connection's
 * sweep also checks ({@link #checkStall}), because a reply that ends in a burst offers no later frame
 * that would notice the stall, and the connection would otherwise sit on its pending frames for good.
 *
 * <h2>Concurrency</h2>
 * The outbox's monitor ("the lock"; a monitor for the reason given in {@code Session}) guards every
 * mutable field, and frames are handed to Grizzly while it is held, so their
 * order is the order of the calls. Callers are session threads (holding their session's lock) and
 * network threads. The write completion may run re-entrantly on the sending thread, inside
 * {@link #sendLocked}; it then only counts, and the sending loop goes on. The stall check runs on the
 * sweep's timer thread under the same lock. Closing the socket is handed to {@code onStall} without calling
 * it under the lock.
 */
final class Outbox implements Subscriber {

    private static final byte[] PING = TextFrames.ping(new byte[] {'s', 'b'});
    static final int MAX_IN_FLIGHT_BYTES = 256 * 1024;

    private final SocketWriter socket;
    private final OutboxLimits limits;
    private final OutboxCounters counters;
    private final Ticker clock;
    private final Runnable onStall;
    private final CompletionHandler<WriteResult<WritableMessage, SocketAddress>> onSent = new CompletionHandler<>() {
        @Override
        public void cancelled() {
            sent(false, 0);
        }

        @Override
        public void failed(Throwable error) {
            sent(false, 0);
        }

        @Override
        public void completed(WriteResult<WritableMessage, SocketAddress> result) {
            sent(true, result.getWrittenSize());
        }

        @Override
        public void updated(WriteResult<WritableMessage, SocketAddress> result) {
        }
    };

    private final ArrayDeque<Object> pending = new ArrayDeque<>(); // String, SessionEvent or MergedTokens; guarded
    private int inFlight; // guarded by lock
    private long inFlightBytes; // guarded by lock
    private long stalledSince; // guarded by lock; 0 while the reader keeps up
    private boolean closed; // guarded by lock

    /**
     * @param clock the clock the stall bound is measured on
     * @param onStall closes the connection when the reader falls too far behind; runs on its own thread
     */
    Outbox(SocketWriter socket, OutboxLimits limits, OutboxCounters counters, Ticker clock, Runnable onStall) {
        this.socket = socket;
        this.limits = limits;
        this.counters = counters;
        this.clock = clock;
        this.onStall = onStall;
    }

    @Override
    public void event(SessionEvent event) {
        offer(event);
    }

    @Override
    public void frame(String json) {
        offer(json);
    }

    /** Both frames in one write when nothing waits; else one after the other, as usual. */
    @Override
    public void events(SessionEvent first, SessionEvent second) {
        synchronized (this) {
            if (!closed && pending.isEmpty() && first.kind() != SessionEvent.Kind.TOKEN
                    && second.kind() != SessionEvent.Kind.TOKEN) {
                byte[] a = first.frame();
                byte[] b = second.frame();
                if (fitsLocked(a.length + b.length)) {
                    byte[] both = Arrays.copyOf(a, a.length + b.length);
                    System.arraycopy(b, 0, both, a.length, b.length);
                    sendLocked(both, 2);
                    return;
                }
            }
            offer(first); // re-entrant: the two stay together in this connection's order
            offer(second);
        }
    }

    /** Sends a WebSocket ping (liveness), under the lock so it keeps its place among the frames. */
    void ping() {
        synchronized (this) {
            if (!closed) {
                socket.write(PING, null);
            }
        }
    }

    /**
     * Sends {@code closeFrame} as this connection's last frame: whatever is queued is dropped, and no
     * data frame can follow it. False (nothing sent) when the outbox was already closed.
     */
    boolean closeWith(byte[] closeFrame) {
        synchronized (this) {
            if (closed) {
                return false;
            }
            closed = true;
            pending.clear();
            socket.write(closeFrame, null);
            return true;
        }
    }

    /** Drops everything queued and takes no more frames. Safe to call twice. */
    void close() {
        synchronized (this) {
            closed = true;
            pending.clear();
        }
    }

    private void offer(Object frame) {
        boolean stalled = false;
        synchronized (this) {
            if (closed) {
                return;
            }
            if (frame instanceof SessionEvent e && e.kind() == SessionEvent.Kind.TOKEN) {
                counters.tokens().increment();
            }
            if (pending.isEmpty()) {
                byte[] bytes = bytesOf(frame);
                if (fitsLocked(bytes.length)) {
                    sendLocked(bytes, 1);
                    return;
                }
            }
            enqueueLocked(frame);
            stalled = isStalledLocked();
            if (stalled) {
                closed = true;
                pending.clear();
            }
        }
        if (stalled) {
            closeStalled();
        }
    }

    private void closeStalled() {
        counters.slowClosed().increment();
        Thread.ofVirtual().name("switchboard-slow-close").start(onStall);
    }

    /** The sweep: closes a reader that has made no progress for the whole bound while frames wait. */
    void checkStall(long now) {
        boolean stalled = false;
        synchronized (this) {
            if (closed || pending.isEmpty()) {
                return;
            }
            if (stalledSince == 0) {
                stalledSince = now; // it made progress since frames began to wait: count from now
            } else if (now - stalledSince > limits.stallNanos()) {
                stalled = true;
                closed = true;
                pending.clear();
            }
        }
        if (stalled) {
            closeStalled();
        }
    }

    private void enqueueLocked(Object frame) {
        Object tail = pending.peekLast();
        if (frame instanceof SessionEvent next) {
            if (tail instanceof MergedTokens merged && merged.gen.equals(next.gen())
                    && next.kind() == SessionEvent.Kind.TOKEN) {
                merged.add(next);
                counters.merged().increment();
                return;
            }
            if (tail instanceof SessionEvent last && last.mergesWith(next)) {
                pending.pollLast();
                pending.addLast(new MergedTokens(last, next));
                counters.merged().increment();
                return;
            }
        }
        pending.addLast(frame);
    }

    private boolean isStalledLocked() {
        if (pending.size() > limits.maxPending()) {
            return true;
        }
        long now = clock.read();
        if (stalledSince == 0) {
            stalledSince = now;
            return false;
        }
        return now - stalledSince > limits.stallNanos();
    }

    private static byte[] bytesOf(Object frame) {
        return switch (frame) {
            case String json -> TextFrames.text(json.getBytes(StandardCharsets.UTF_8));
            case SessionEvent e -> e.frame(); // framed once for every connection
            case MergedTokens m -> m.frame();
            default -> throw new IllegalStateException("unknown frame " + frame);
        };
    }

    private boolean fitsLocked(int size) {
        return inFlight < limits.maxInFlight() && (inFlight == 0 || inFlightBytes + size <= MAX_IN_FLIGHT_BYTES);
    }

    /** Hands {@code bytes}, holding {@code frames} whole frames, to the socket as one write. */
    private void sendLocked(byte[] bytes, int frames) {
        inFlight++;
        inFlightBytes += bytes.length;
        counters.frames().add(frames);
        socket.write(bytes, onSent);
    }

    private void sent(boolean ok, long bytes) {
        boolean reentrant = Thread.holdsLock(this);
        synchronized (this) {
            inFlight--;
            inFlightBytes = Math.max(0, inFlightBytes - bytes);
            stalledSince = 0;
            if (!ok) {
                closed = true; // the socket is gone; Tyrus reports the close to the endpoint
                pending.clear();
                return;
            }
            if (!reentrant) {
                while (!closed && !pending.isEmpty()) {
                    byte[] next = bytesOf(pending.peekFirst());
                    if (!fitsLocked(next.length)) {
                        break;
                    }
                    pending.pollFirst();
                    sendLocked(next, 1);
                }
            }
        }
    }

    /** Consecutive tokens of one generation, waiting to go out as one frame. */
    private static final class MergedTokens {
        final String gen;
        final StringBuilder text = new StringBuilder();
        long seq;

        MergedTokens(SessionEvent first, SessionEvent second) {
            this.gen = first.gen();
            text.append(first.text());
            add(second);
        }

        void add(SessionEvent token) {
            text.append(token.text());
            seq = token.seq();
        }

        byte[] frame() {
            return EventJson.token(seq, gen, text.toString());
        }
    }
}
