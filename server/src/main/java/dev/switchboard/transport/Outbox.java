package dev.switchboard.transport;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.switchboard.session.Backlog;
import dev.switchboard.session.Cursor;
import dev.switchboard.session.EventJson;
import dev.switchboard.session.SessionEvent;
import dev.switchboard.session.Subscriber;
import dev.switchboard.session.TextFrames;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;

/**
 * The only writer of data frames to one WebSocket. A socket must not be written by two threads at
 * once, and the transport's send queue has no bound, so every frame for this connection passes
 * through here. Session events are framed once for every connection ({@link TextFrames}) and handed
 * to the {@link SocketWriter}.
 *
 * <h2>Flow control</h2>
 * At most {@code maxInFlight} frames (and {@value #MAX_IN_FLIGHT_BYTES} bytes, though one frame of
 * any size may go alone) are handed to the socket and not yet written. Beyond that, frames wait in
 * {@code pending}, where consecutive tokens of one generation merge into one frame (at most
 * {@value #MAX_MERGED_CHARS} characters) that carries the highest seq, as PROTOCOL.md allows.
 *
 * <h2>Falling behind</h2>
 * Waiting frames are bounded in bytes ({@code maxBytes}, merged text counted) and in number. A reader
 * that passes either bound does not hold the session's events any longer: they are in its session's
 * log, so the outbox drops them and keeps only a {@link Cursor}, and reads them from the log a chunk
 * ({@value #CATCH_UP_CHUNK} bytes) at a time as the socket drains ({@link Backlog#catchUp}); live
 * events are ignored meanwhile, and flow again once it has caught up. A connection that resumes with
 * a long way to go reads the same way. So a slow reader costs a cursor, not a copy of the reply:
 * before, 1,000 slow sockets on one session each held the whole reply. A reader whose events are no
 * longer held, or that makes no progress for {@code stallNanos} while frames wait, is closed; it can
 * resume from the last seq it saw. Control frames (errors, pongs, history pages) are never dropped;
 * too many of them waiting closes the connection too.
 *
 * <h2>Concurrency</h2>
 * The outbox's monitor ("the lock"; a monitor for the reason given in {@code Session}) guards every
 * mutable field, and frames are handed to the socket while it is held, so their order is the order
 * of the calls. Callers are session threads (holding their session's lock: every {@link Subscriber}
 * method) and network threads. The write completion may run re-entrantly on the sending thread, inside
 * {@link #sendLocked}; it then only counts, and the sending loop goes on. Reading from the log takes
 * the session's lock, so it is done with the outbox's lock released (lock order: session before
 * outbox): a completion, the connection after its hello and the sweep call {@link #drive}, and one
 * read at a time runs ({@code pulling}). Closing the socket is handed to {@code onStall} without
 * calling it under the lock.
 */
final class Outbox implements Subscriber {

    static final int MAX_IN_FLIGHT_BYTES = 256 * 1024;
    static final int MAX_MERGED_CHARS = 64 * 1024;
    static final int CATCH_UP_CHUNK = 64 * 1024;
    /** Chunks read on the calling thread before the rest is left to a thread of its own. */
    private static final int CHUNKS_PER_DRIVE = 4;
    private static final byte[] PING = TextFrames.ping(new byte[] {'s', 'b'});

    /** What waits in {@code pending}: a ready frame, a live session event, or live tokens merged. */
    private sealed interface Entry permits Ready, Live, Merged {
        byte[] frame();

        /** Bytes it counts against {@code maxBytes}. */
        long weight();
    }

    /** A frame that is not a live event of the current session: control frames, replayed events. */
    private record Ready(byte[] frame) implements Entry {
        @Override
        public long weight() {
            return frame.length;
        }
    }

    /** A live session event, its frame shared with every connection. */
    private record Live(SessionEvent event) implements Entry {
        @Override
        public byte[] frame() {
            return event.frame();
        }

        @Override
        public long weight() {
            return event.frame().length;
        }
    }

    /** Consecutive live tokens of one generation, waiting to go out as one frame. */
    private static final class Merged implements Entry {
        final String gen;
        final long firstSeq;
        final StringBuilder text = new StringBuilder();
        long seq;
        long weight;

        Merged(SessionEvent first) {
            this.gen = first.gen();
            this.firstSeq = first.seq();
            add(first);
        }

        void add(SessionEvent token) {
            text.append(token.text());
            seq = token.seq();
            weight += token.frame().length;
        }

        @Override
        public byte[] frame() {
            return EventJson.token(seq, gen, text.toString());
        }

        @Override
        public long weight() {
            return weight;
        }
    }

    private final SocketWriter socket;
    private final OutboxLimits limits;
    private final OutboxCounters counters;
    private final Ticker clock;
    private final Runnable onStall;
    private final SocketWriter.Sent onSent = this::sent;

    private final ArrayDeque<Entry> pending = new ArrayDeque<>(); // guarded by lock
    private long pendingBytes; // guarded by lock
    private int inFlight; // guarded by lock
    private long inFlightBytes; // guarded by lock
    private long stalledSince; // guarded by lock; 0 while the reader keeps up
    private boolean closed; // guarded by lock
    private Backlog backlog; // guarded by lock: the session attached to, null between sessions
    private Cursor behind; // guarded by lock: where it stands in the backlog; null while live
    private boolean pulling; // guarded by lock: a read of the backlog is under way

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

    // ---- Subscriber: called by the session, under its lock ----

    @Override
    public void subscribed(Backlog session) {
        synchronized (this) {
            freezeLocked();
            backlog = session;
            behind = null;
            pulling = false;
        }
    }

    @Override
    public void unsubscribed() {
        synchronized (this) {
            freezeLocked();
            backlog = null;
            behind = null;
            pulling = false;
        }
    }

    @Override
    public void frame(String json) {
        control(json);
    }

    @Override
    public void replayed(byte[] frame) {
        synchronized (this) {
            if (!closed) {
                pending.addLast(new Ready(frame));
                pendingBytes += frame.length;
            }
        }
    }

    @Override
    public void behind(Cursor next) {
        synchronized (this) {
            behind = next;
            pulling = false;
            flushLocked();
        }
    }

    @Override
    public void caughtUp() {
        synchronized (this) {
            behind = null;
            pulling = false;
            flushLocked();
        }
    }

    @Override
    public void lost() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            pending.clear();
        }
        closeStalled();
    }

    @Override
    public void event(SessionEvent event) {
        boolean stalled;
        synchronized (this) {
            if (closed || behind != null) {
                return; // behind: the event is in the log, and read from there in its turn
            }
            if (event.kind() == SessionEvent.Kind.TOKEN) {
                counters.tokens().increment();
            }
            if (pending.isEmpty() && fitsLocked(event.frame().length)) {
                sendLocked(event.frame(), 1);
                return;
            }
            enqueueLocked(event);
            stalled = afterEnqueueLocked();
        }
        if (stalled) {
            closeStalled();
        }
    }

    /** Both frames in one write when nothing waits; else one after the other, as usual. */
    @Override
    public void events(SessionEvent first, SessionEvent second) {
        synchronized (this) {
            if (!closed && behind == null && pending.isEmpty() && first.kind() != SessionEvent.Kind.TOKEN
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
            event(first); // re-entrant: the two stay together in this connection's order
            event(second);
        }
    }

    // ---- the connection's side ----

    /** A frame that is not a session event (error, pong, history page), after what is queued. */
    void control(String json) {
        offer(new Ready(TextFrames.text(json.getBytes(StandardCharsets.UTF_8))));
    }

    /** Sends a WebSocket ping (liveness), under the lock so it keeps its place among the frames. */
    void ping() {
        synchronized (this) {
            if (!closed) {
                socket.writeUntracked(PING);
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
            socket.writeUntracked(closeFrame);
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

    /**
     * Reads more of the backlog when this connection is behind and has room; called with no lock
     * held. Reads a few chunks here, and leaves the rest to a virtual thread of its own if the socket
     * keeps taking them at once (a fast reader of a long backlog would otherwise keep this thread).
     */
    void drive() {
        for (int i = 0; i < CHUNKS_PER_DRIVE; i++) {
            Backlog source;
            Cursor from;
            synchronized (this) {
                if (!wantsChunkLocked()) {
                    return;
                }
                pulling = true;
                source = backlog;
                from = behind;
            }
            source.catchUp(this, from, CATCH_UP_CHUNK); // answers with replayed, then behind/caughtUp/lost
        }
        synchronized (this) {
            if (!wantsChunkLocked()) {
                return;
            }
        }
        Thread.ofVirtual().name("switchboard-catch-up").start(this::drive);
    }

    /** The sweep: closes a reader that has made no progress for the whole bound while frames wait. */
    void checkStall(long now) {
        boolean stalled = false;
        synchronized (this) {
            if (closed || (pending.isEmpty() && behind == null)) {
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

    // ---- with the lock held ----

    private void offer(Entry entry) {
        boolean stalled;
        synchronized (this) {
            if (closed) {
                return;
            }
            if (pending.isEmpty() && fitsLocked(entry.frame().length)) {
                sendLocked(entry.frame(), 1);
                return;
            }
            pending.addLast(entry);
            pendingBytes += entry.weight();
            stalled = afterEnqueueLocked();
        }
        if (stalled) {
            closeStalled();
        }
    }

    private void enqueueLocked(SessionEvent event) {
        Entry tail = pending.peekLast();
        if (event.kind() == SessionEvent.Kind.TOKEN) {
            if (tail instanceof Merged merged && merged.gen.equals(event.gen())
                    && merged.text.length() < MAX_MERGED_CHARS) {
                merged.add(event);
                pendingBytes += event.frame().length;
                counters.merged().increment();
                return;
            }
            if (tail instanceof Live last && last.event().mergesWith(event)) {
                pending.pollLast();
                Merged merged = new Merged(last.event());
                merged.add(event);
                pending.addLast(merged);
                pendingBytes += event.frame().length;
                counters.merged().increment();
                return;
            }
        }
        pending.addLast(new Live(event));
        pendingBytes += event.frame().length;
    }

    /**
     * After something joined {@code pending}: past a bound, the session's events give way to a cursor
     * (or, with nothing to give way, the connection is closed); else the stall clock runs.
     *
     * @return true when the connection must be closed (the caller does it once the lock is released)
     */
    private boolean afterEnqueueLocked() {
        if (pendingBytes > limits.maxBytes() || pending.size() > limits.maxPending()) {
            if (backlog != null && fallBehindLocked()) {
                return false;
            }
            closed = true;
            pending.clear();
            return true;
        }
        long now = clock.read();
        if (stalledSince == 0) {
            stalledSince = now;
            return false;
        }
        if (now - stalledSince > limits.stallNanos()) {
            closed = true;
            pending.clear();
            return true;
        }
        return false;
    }

    /**
     * Drops the live session events waiting here (they are all in the session's log) and notes where
     * they began; false when there were none, so nothing was freed.
     */
    private boolean fallBehindLocked() {
        long first = -1;
        for (Iterator<Entry> it = pending.iterator(); it.hasNext(); ) {
            Entry e = it.next();
            long seq = e instanceof Live live ? live.event().seq() : e instanceof Merged m ? m.firstSeq : -1;
            if (seq >= 0) {
                if (first < 0) {
                    first = seq;
                }
                pendingBytes -= e.weight();
                it.remove();
            }
        }
        if (first < 0 || pendingBytes > limits.maxBytes() || pending.size() > limits.maxPending()) {
            return false; // what is left (control frames) is over the bound on its own
        }
        behind = Cursor.at(first);
        counters.fellBehind().increment();
        return true;
    }

    /** The waiting session events become plain frames: they belong to a session left behind. */
    private void freezeLocked() {
        for (Iterator<Entry> it = pending.iterator(); it.hasNext(); ) {
            if (!(it.next() instanceof Ready)) {
                ArrayDeque<Entry> frozen = new ArrayDeque<>(pending.size());
                for (Entry e : pending) {
                    frozen.addLast(e instanceof Ready ? e : new Ready(e.frame()));
                }
                pending.clear();
                pending.addAll(frozen);
                return;
            }
        }
    }

    private boolean wantsChunkLocked() {
        return !closed && behind != null && backlog != null && !pulling && pending.isEmpty()
                && inFlight < limits.maxInFlight();
    }

    /** Sends what waits, as far as the socket takes it. */
    private void flushLocked() {
        while (!closed && !pending.isEmpty()) {
            Entry next = pending.peekFirst();
            byte[] frame = next.frame();
            if (!fitsLocked(frame.length)) {
                break;
            }
            pending.pollFirst();
            pendingBytes -= next.weight();
            sendLocked(frame, 1);
        }
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
        boolean readMore;
        synchronized (this) {
            inFlight--;
            inFlightBytes = Math.max(0, inFlightBytes - bytes);
            stalledSince = 0;
            if (!ok) {
                closed = true; // the socket is gone; Tyrus reports the close to the endpoint
                pending.clear();
                return;
            }
            if (reentrant) {
                return; // the sending loop that holds the lock goes on
            }
            flushLocked();
            if (!pending.isEmpty() || behind != null) {
                stalledSince = clock.read();
            }
            readMore = wantsChunkLocked();
        }
        if (readMore) {
            drive();
        }
    }

    private void closeStalled() {
        counters.slowClosed().increment();
        Thread.ofVirtual().name("switchboard-slow-close").start(onStall);
    }
}
