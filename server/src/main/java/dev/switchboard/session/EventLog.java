package dev.switchboard.session;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The recent events of one session, for resume and for connections that fell behind.
 *
 * <h2>What it keeps</h2>
 * At least the last {@code capacity} events, or as many of them as fit in {@code maxBytes},
 * whichever is less (none, when the last one alone is larger: a done frame that carries a reply of
 * megabytes), and every event from {@code keepFrom} on (the session passes the seq of its running
 * reply's {@code start}), so the held events are always a contiguous range of seq ending at the
 * session's last seq. Of a generation's {@code queued} events only the newest is kept whole: a
 * position update supersedes the one before (1,000 sessions with nine queued 32 KB prompts each used
 * to add 290 MB to the logs per freed slot). That newest one is kept until the generation's
 * {@code done}, even once the range has moved past it, so a fresh view can always show the prompts
 * still waiting (a read from below the range hands those out first).
 *
 * <p>Why not keep the range from the oldest waiting prompt's {@code queued}: while a session's
 * queue drains, that holds every whole reply that ran since it was accepted. Eight waiting prompts
 * for replies of 4 MB each held 30 MB per session, and a few hostile sessions 1.2 GB of heap.
 *
 * <h2>Layout</h2>
 * Chosen for the per-token path (each token appends one event and, once the log is full, drops
 * one), which should touch few cache lines and store no object reference:
 * <ul>
 *   <li>the events' bytes sit end to end in one byte ring. A token is kept as its text's bytes only
 *       (ISO-8859-1 when every char fits, else UTF-8: a few bytes, where its frame is about 60) and
 *       framed again, identically, when handed out; {@code start} and {@code done} keep their whole
 *       frame; a {@code queued} keeps nothing there: the newest frame of each generation's is in a
 *       small map beside the rings;</li>
 *   <li>beside it, an event ring of one {@code long} per event: byte length, kind and flags (seq is
 *       implied by position);</li>
 *   <li>generation ids are kept per run of consecutive events of the same generation (a reply's
 *       tokens are one run), in a small ring of (first seq, id).</li>
 * </ul>
 * As objects per event, thousands of sessions gave the garbage collector millions of long-lived
 * objects to mark again and again. Here a session's log is a handful of arrays, about 13 bytes per
 * token, allocated with the first event.
 *
 * <p>Concurrency: not thread-safe; the owning session's lock guards every call.
 */
final class EventLog {

    /** Where a read stopped: the next seq, and where its bytes start (so the next read need not walk to it). */
    record Position(long seq, long byteOffset) {
        static Position at(long seq) {
            return new Position(seq, -1);
        }
    }

    /** How a read frames tokens. */
    enum Tokens {
        /** Each in its own frame, as it went out live. */
        ONE_BY_ONE,
        /** Consecutive tokens of one generation as one frame (PROTOCOL.md allows it under backpressure). */
        MERGED
    }

    /** Which held events a read leaves out. */
    @FunctionalInterface
    interface Skip {
        boolean skips(long seq, String gen);
    }

    /** The most text one merged token frame of a read carries. */
    static final int MAX_MERGED_CHARS = 64 * 1024;

    private static final int MIN_EVENTS = 16;
    private static final int MIN_BYTES = 1024;
    private static final int MIN_RUNS = 4;
    // a log starts with no arrays: most sessions of a busy server are idle, and the first rings' 1.2 KB
    // each measured about 10 MB of heap at 10,000 idle sessions
    private static final long[] NO_LONGS = {};
    private static final byte[] NO_BYTES = {};
    private static final String[] NO_STRINGS = {};
    private static final SessionEvent.Kind[] KINDS = SessionEvent.Kind.values();
    private static final long LENGTH = 0xFFFF_FFFFL; // meta bits 0-31: the kept bytes' length
    private static final int KIND_SHIFT = 32; // bits 32-39: the kind's ordinal
    private static final long TEXT_ONLY = 1L << 40; // a token kept as its text's bytes...
    private static final long LATIN1 = 1L << 41; // ...in ISO-8859-1 (one byte a char) rather than UTF-8

    private final int capacity;
    private final long maxBytes;

    // The event ring: slot (head + i) % length holds the i-th held event, whose seq is firstSeq + i.
    private long[] meta = NO_LONGS;
    private int head;
    private int count;
    private long firstSeq = -1;

    // The byte ring: the held events' bytes, oldest first, from byteHead, byteCount bytes in all.
    // byteBase counts every byte ever dropped, so byteBase + k is where byte k from byteHead started
    // in the log's whole history: a read's Position.byteOffset stays valid while the log moves.
    private byte[] bytes = NO_BYTES;
    private int byteHead;
    private int byteCount;
    private long byteBase;

    // The run ring: run (runHead + i) % length starts at seq runSeqs[...] with generation runGens[...].
    // The first run may start before firstSeq (its older events were dropped); the next one does not.
    private long[] runSeqs = NO_LONGS;
    private String[] runGens = NO_STRINGS;
    private int runHead;
    private int runCount;

    // The newest queued event of each generation that has one held, and its frames' bytes in all.
    // An entry outlives its event's place in the rings until the generation's done has been appended.
    private Map<String, Queued> queued = Map.of();
    private long queuedBytes;

    /** A generation's newest queued event, and whether its done has been appended. */
    private static final class Queued {
        SessionEvent newest;
        boolean ended;
    }

    /**
     * @param capacity the events it keeps at least, when they fit in {@code maxBytes}
     * @param maxBytes the bytes of finished generations' events it keeps at most (the events of live
     *     generations are kept whatever their size)
     */
    EventLog(int capacity, long maxBytes) {
        this.capacity = capacity;
        this.maxBytes = maxBytes;
    }

    /**
     * Appends {@code event}, then drops old events beyond the bounds, down to {@code keepFrom}.
     *
     * @param keepFrom the lowest seq that must stay held ({@code Long.MAX_VALUE}: none)
     */
    void append(SessionEvent event, long keepFrom) {
        if (count == 0) {
            firstSeq = event.seq();
        } else if (event.seq() != firstSeq + count) {
            throw new IllegalArgumentException("seq " + event.seq() + " after " + (firstSeq + count - 1));
        }
        boolean isQueued = event.kind() == SessionEvent.Kind.QUEUED;
        String text = event.kind() == SessionEvent.Kind.TOKEN ? event.text() : null;
        boolean latin1 = text != null && isLatin1(text);
        // a Latin-1 token is copied char by char, without a byte array of its own
        byte[] kept = isQueued ? NO_BYTES : text == null ? event.frame() : latin1 ? null : text.getBytes(StandardCharsets.UTF_8);
        int length = kept != null ? kept.length : text.length();
        if (count == meta.length || byteCount + length > bytes.length) {
            // While it fills, doubling: each copy of a growing log outlives young collections (102
            // bytes per token at 4,000 users when it grew by half). Beyond capacity, which only a long
            // reply's log reaches and which is megabytes, half as much again: doubling left as much unused.
            boolean filling = count < capacity;
            int events = filling ? Math.min(2 * count, capacity + 1) : count + Math.max(1, count / 2);
            resize(events, byteCount + Math.max(length, filling ? byteCount : byteCount / 2));
        }
        meta[wrap(head + count, meta.length)] = length | (long) event.kind().ordinal() << KIND_SHIFT
                | (text != null ? TEXT_ONLY : 0) | (latin1 ? LATIN1 : 0);
        int at = wrap(byteHead + byteCount, bytes.length);
        if (kept != null) {
            copyIn(kept, at);
        } else {
            for (int i = 0; i < length; i++) {
                bytes[at] = (byte) text.charAt(i);
                at = at + 1 == bytes.length ? 0 : at + 1;
            }
        }
        count++;
        byteCount += length;
        noteGeneration(event.seq(), event.gen());
        if (isQueued) {
            keepNewestQueued(event);
        } else if (event.kind() == SessionEvent.Kind.DONE) {
            queuedEnded(event.gen());
        }
        while ((count > capacity || byteCount + queuedBytes > maxBytes) && count > 0 && firstSeq < keepFrom) {
            dropOldest();
        }
        if (bytes.length > MIN_BYTES && byteCount < bytes.length / 4) {
            resize(count * 4 < meta.length ? 2 * count : meta.length, 2 * byteCount); // a long reply ended
        }
    }

    /** The lowest seq still held, or {@code nextSeq} when the log is empty. */
    long firstSeq(long nextSeq) {
        return count == 0 ? nextSeq : firstSeq;
    }

    /** The seq after the last one held, or {@code nextSeq} when the log is empty. */
    private long endSeq(long nextSeq) {
        return count == 0 ? nextSeq : firstSeq + count;
    }

    /**
     * Hands {@code sink} the held events from {@code from} on, as frames, until about {@code budget}
     * bytes have gone (or all have): with {@link Tokens#MERGED}, consecutive tokens of one generation
     * as one frame of at most {@value #MAX_MERGED_CHARS} characters that carries the highest of their
     * seqs; superseded {@code queued} events left out, and the events {@code skip} names left out.
     *
     * <p>A read from below {@link #firstSeq} (a fresh view, which wants only the live generations'
     * events there) first hands out, whatever the budget, the kept {@code queued} events of live
     * generations from {@code from} up to the held range, then goes on from its start.
     *
     * @param from where to start
     * @return where it stopped: past the last held event when it read them all, and never below
     *     {@link #firstSeq}
     */
    Position read(Position from, int budget, Tokens tokens, Skip skip, Consumer<byte[]> sink) {
        Merge[] merge = {null};
        long[] sent = {0};
        if (firstSeq >= 0 && from.seq() < firstSeq) {
            sent[0] = readKeptQueued(from.seq(), skip, sink);
            from = Position.at(firstSeq);
        }
        Position end = walk(from, (seq, gen, m, at, length) -> {
            if (sent[0] + (merge[0] == null ? 0 : merge[0].text.length()) >= budget) {
                return false;
            }
            if (skip.skips(seq, gen)) {
                return true;
            }
            if ((m & TEXT_ONLY) != 0 && tokens == Tokens.MERGED) {
                if (merge[0] != null && (merge[0].gen != gen && !merge[0].gen.equals(gen)
                        || merge[0].text.length() >= MAX_MERGED_CHARS)) {
                    sent[0] += merge[0].flush(sink);
                    merge[0] = null;
                }
                if (merge[0] == null) {
                    merge[0] = new Merge(gen);
                }
                merge[0].add(seq, decode(at, length, (m & LATIN1) != 0));
                return true;
            }
            if (merge[0] != null) {
                sent[0] += merge[0].flush(sink);
                merge[0] = null;
            }
            byte[] frame = frame(seq, gen, m, at, length);
            if (frame != null) {
                sink.accept(frame);
                sent[0] += frame.length;
            }
            return true;
        });
        if (merge[0] != null) {
            merge[0].flush(sink);
        }
        return end;
    }

    /** The held events with seq greater than {@code after}, one by one, unmerged (for tests). */
    List<SessionEvent> after(long after) {
        List<SessionEvent> out = new ArrayList<>();
        walk(Position.at(Math.max(after + 1, firstSeq(after + 1))), (seq, gen, m, at, length) -> {
            byte[] frame = frame(seq, gen, m, at, length);
            if (frame != null) {
                String text = (m & TEXT_ONLY) != 0 ? decode(at, length, (m & LATIN1) != 0) : null;
                out.add(new SessionEvent(seq, KINDS[(int) (m >>> KIND_SHIFT) & 0xFF], gen, text, frame));
            }
            return true;
        });
        return out;
    }

    /** What a walk is shown of each held event: its seq, generation, meta word and bytes' place. */
    @FunctionalInterface
    private interface Visitor {
        /** @return false to stop before this event */
        boolean visit(long seq, String gen, long meta, int at, int length);
    }

    /**
     * Shows {@code visitor} the held events from {@code from} on, until it stops.
     *
     * @return where it stopped: past the last held event when it saw them all
     */
    private Position walk(Position from, Visitor visitor) {
        if (from.seq() >= endSeq(from.seq())) {
            return from;
        }
        int i = (int) (from.seq() - firstSeq);
        long offset = from.byteOffset() >= byteBase ? from.byteOffset() : byteBase + bytesBefore(i);
        int at = wrap(byteHead + (int) (offset - byteBase), bytes.length);
        int run = runOf(from.seq());
        for (; i < count; i++) {
            long seq = firstSeq + i;
            while (run + 1 < runCount && runSeqs[wrap(runHead + run + 1, runSeqs.length)] <= seq) {
                run++;
            }
            String gen = runGens[wrap(runHead + run, runGens.length)];
            long m = meta[wrap(head + i, meta.length)];
            int length = (int) (m & LENGTH);
            if (!visitor.visit(seq, gen, m, at, length)) {
                break;
            }
            at = wrap(at + length, bytes.length);
            offset += length;
        }
        return new Position(firstSeq + i, offset);
    }

    int size() {
        return count;
    }

    /** The bytes the log holds now, of events and of queued frames. */
    long bytes() {
        return byteCount + queuedBytes;
    }

    /** The frame of a held event, as it went out live, or null for a superseded queued one. */
    private byte[] frame(long seq, String gen, long m, int at, int length) {
        if ((m & TEXT_ONLY) != 0) {
            return EventJson.token(seq, gen, decode(at, length, (m & LATIN1) != 0));
        }
        if (KINDS[(int) (m >>> KIND_SHIFT) & 0xFF] == SessionEvent.Kind.QUEUED) {
            Queued q = queued.get(gen);
            return q != null && q.newest.seq() == seq ? q.newest.frame() : null;
        }
        byte[] frame = new byte[length];
        copyOut(at, frame, length);
        return frame;
    }

    private String decode(int at, int length, boolean latin1) {
        byte[] text = new byte[length];
        copyOut(at, text, length);
        return new String(text, latin1 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
    }

    /** Consecutive tokens of one generation on their way into one frame. */
    private static final class Merge {
        final String gen;
        final StringBuilder text = new StringBuilder();
        long seq;

        Merge(String gen) {
            this.gen = gen;
        }

        void add(long tokenSeq, String token) {
            text.append(token);
            seq = tokenSeq;
        }

        int flush(Consumer<byte[]> sink) {
            byte[] frame = EventJson.token(seq, gen, text.toString());
            sink.accept(frame);
            return frame.length;
        }
    }

    /** The kept queued events with seq from {@code from} up to the held range, in seq order; their bytes. */
    private long readKeptQueued(long from, Skip skip, Consumer<byte[]> sink) {
        List<SessionEvent> below = new ArrayList<>();
        for (Queued q : queued.values()) {
            long seq = q.newest.seq();
            if (seq >= from && seq < firstSeq && !skip.skips(seq, q.newest.gen())) {
                below.add(q.newest);
            }
        }
        below.sort(Comparator.comparingLong(SessionEvent::seq));
        long sent = 0;
        for (SessionEvent e : below) {
            sink.accept(e.frame());
            sent += e.frame().length;
        }
        return sent;
    }

    private void keepNewestQueued(SessionEvent event) {
        if (queued.isEmpty()) {
            queued = new HashMap<>(4);
        }
        Queued q = queued.computeIfAbsent(event.gen(), gen -> new Queued());
        queuedBytes += event.frame().length - (q.newest == null ? 0 : q.newest.frame().length);
        q.newest = event;
    }

    /** The generation's done was appended: its queued goes now if the range has moved past it, else with it. */
    private void queuedEnded(String gen) {
        Queued q = queued.get(gen);
        if (q == null) {
            return;
        }
        if (q.newest.seq() < firstSeq) {
            forgetQueued(gen, q);
        } else {
            q.ended = true;
        }
    }

    private void forgetQueued(String gen, Queued q) {
        queued.remove(gen);
        queuedBytes -= q.newest.frame().length;
    }

    /** The bytes of the held events before the i-th. */
    private long bytesBefore(int i) {
        long sum = 0;
        for (int k = 0; k < i; k++) {
            sum += meta[wrap(head + k, meta.length)] & LENGTH;
        }
        return sum;
    }

    /** The index (from runHead) of the run that holds {@code seq}. */
    private int runOf(long seq) {
        int run = 0;
        while (run + 1 < runCount && runSeqs[wrap(runHead + run + 1, runSeqs.length)] <= seq) {
            run++;
        }
        return run;
    }

    /** Whether every char fits in one ISO-8859-1 byte (as Java's own compact strings keep them). */
    private static boolean isLatin1(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) > 0xFF) {
                return false;
            }
        }
        return true;
    }

    /** Starts a new run unless the event continues the last one (ids are one String per reply). */
    private void noteGeneration(long seq, String gen) {
        if (runCount > 0) {
            String last = runGens[wrap(runHead + runCount - 1, runGens.length)];
            if (last == gen || last.equals(gen)) {
                return;
            }
        }
        if (runCount == runSeqs.length) {
            int size = Math.max(MIN_RUNS, runCount * 2);
            long[] seqs = new long[size];
            String[] gens = new String[size];
            for (int i = 0; i < runCount; i++) {
                seqs[i] = runSeqs[wrap(runHead + i, runSeqs.length)];
                gens[i] = runGens[wrap(runHead + i, runGens.length)];
            }
            runSeqs = seqs;
            runGens = gens;
            runHead = 0;
        }
        int slot = wrap(runHead + runCount, runSeqs.length);
        runSeqs[slot] = seq;
        runGens[slot] = gen;
        runCount++;
    }

    private void dropOldest() {
        long m = meta[head];
        int length = (int) (m & LENGTH);
        if (KINDS[(int) (m >>> KIND_SHIFT) & 0xFF] == SessionEvent.Kind.QUEUED) {
            String gen = runGens[runHead]; // the oldest event is in the first run
            Queued q = queued.get(gen);
            if (q != null && q.newest.seq() == firstSeq && q.ended) { // a live one's stays for a fresh view
                forgetQueued(gen, q);
            }
        }
        head = wrap(head + 1, meta.length);
        count--;
        firstSeq++;
        byteHead = wrap(byteHead + length, bytes.length);
        byteCount -= length;
        byteBase += length;
        // the first run goes once the next one starts at or before the first held event
        while (runCount > 1 && runSeqs[wrap(runHead + 1, runSeqs.length)] <= firstSeq) {
            runGens[runHead] = null;
            runHead = wrap(runHead + 1, runSeqs.length);
            runCount--;
        }
    }

    /** Moves both rings into new arrays of at least these sizes, oldest first from index 0. */
    private void resize(int events, int byteSize) {
        long[] newMeta = new long[Math.max(MIN_EVENTS, events)];
        for (int i = 0; i < count; i++) {
            newMeta[i] = meta[wrap(head + i, meta.length)];
        }
        byte[] newBytes = new byte[Math.max(MIN_BYTES, byteSize)];
        copyOut(byteHead, newBytes, byteCount);
        meta = newMeta;
        head = 0;
        bytes = newBytes;
        byteHead = 0;
    }

    /** {@code index} modulo {@code length}, for an index below twice the length (no division). */
    private static int wrap(int index, int length) {
        return index >= length ? index - length : index;
    }

    private void copyIn(byte[] frame, int at) {
        int first = Math.min(frame.length, bytes.length - at);
        System.arraycopy(frame, 0, bytes, at, first);
        System.arraycopy(frame, first, bytes, 0, frame.length - first);
    }

    private void copyOut(int at, byte[] into, int n) {
        int first = Math.min(n, bytes.length - at);
        System.arraycopy(bytes, at, into, 0, first);
        System.arraycopy(bytes, 0, into, first, n - first);
    }
}
