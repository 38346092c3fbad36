package dev.switchboard.session;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The recent events of one session, for resume.
 *
 * <p>Keeps at least the last {@code capacity} events, and every event from {@code keepFrom} on (the
 * session passes the first seq of its oldest queued or running generation), so the held events are
 * always a contiguous range of seq ending at the session's last seq.
 *
 * <p>Layout, chosen for the per-token path (each token appends one event and, once the log is full,
 * drops one), which should touch few cache lines and store no object reference:
 * <ul>
 *   <li>the events' bytes sit end to end in one byte ring. A token is kept as its text's bytes only
 *       (ISO-8859-1 when every char fits, else UTF-8: a few bytes, where its frame is about 60) and
 *       framed again, identically, when handed out; other events keep their whole frame;</li>
 *   <li>beside it, an event ring of one {@code long} per event: byte length, kind and flags (seq is
 *       implied by position);</li>
 *   <li>generation ids are kept per run of consecutive events of the same generation (a reply's
 *       tokens are one run), in a small ring of (first seq, id).</li>
 * </ul>
 * As objects per event (event, text, bytes, frame), thousands of sessions gave the garbage collector
 * millions of long-lived objects to mark again and again; a reference stored per token also dirtied a
 * card of an old array for every token. Here a session's log is a handful of arrays, about 13 bytes
 * per token. Events handed out are rebuilt from the rings with fresh arrays. The rings are allocated
 * with the first event, so a session that never had one holds no arrays.
 *
 * <p>Concurrency: not thread-safe; the owning session's lock guards every call.
 */
final class EventLog {

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

    // The event ring: slot (head + i) % length holds the i-th held event, whose seq is firstSeq + i.
    private long[] meta = NO_LONGS;
    private int head;
    private int count;
    private long firstSeq = -1;

    // The byte ring: the held events' bytes, oldest first, from byteHead, byteCount bytes in all.
    private byte[] bytes = NO_BYTES;
    private int byteHead;
    private int byteCount;

    // The run ring: run (runHead + i) % length starts at seq runSeqs[...] with generation runGens[...].
    // The first run may start before firstSeq (its older events were dropped); the next one does not.
    private long[] runSeqs = NO_LONGS;
    private String[] runGens = NO_STRINGS;
    private int runHead;
    private int runCount;

    EventLog(int capacity) {
        this.capacity = capacity;
    }

    /**
     * Appends {@code event}, then drops old events beyond the capacity, down to {@code keepFrom}.
     *
     * @param keepFrom the lowest seq that must stay held ({@code Long.MAX_VALUE}: none)
     */
    void append(SessionEvent event, long keepFrom) {
        if (count == 0) {
            firstSeq = event.seq();
        } else if (event.seq() != firstSeq + count) {
            throw new IllegalArgumentException("seq " + event.seq() + " after " + (firstSeq + count - 1));
        }
        String text = event.kind() == SessionEvent.Kind.TOKEN ? event.text() : null;
        boolean latin1 = text != null && isLatin1(text);
        // a Latin-1 token is copied char by char, without a byte array of its own
        byte[] kept = text == null ? event.frame() : latin1 ? null : text.getBytes(StandardCharsets.UTF_8);
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
        while (count > capacity && firstSeq < keepFrom) {
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

    /** The held events with seq greater than {@code after}, in order. */
    List<SessionEvent> after(long after) {
        return collect((seq, gen) -> seq > after);
    }

    /** The held events of the generations {@code isLiveGeneration} accepts, in order. */
    List<SessionEvent> ofGenerations(Predicate<String> isLiveGeneration) {
        return collect((seq, gen) -> isLiveGeneration.test(gen));
    }

    int size() {
        return count;
    }

    private interface Wanted {
        boolean test(long seq, String gen);
    }

    private List<SessionEvent> collect(Wanted wanted) {
        List<SessionEvent> out = new ArrayList<>();
        int at = byteHead;
        int run = 0; // index from runHead of the run that holds the current event
        for (int i = 0; i < count; i++) {
            long seq = firstSeq + i;
            while (run + 1 < runCount && runSeqs[wrap(runHead + run + 1, runSeqs.length)] <= seq) {
                run++;
            }
            String gen = runGens[wrap(runHead + run, runGens.length)];
            long m = meta[wrap(head + i, meta.length)];
            int length = (int) (m & LENGTH);
            if (wanted.test(seq, gen)) {
                byte[] kept = new byte[length];
                copyOut(at, kept, length);
                if ((m & TEXT_ONLY) != 0) {
                    String text = new String(kept, (m & LATIN1) != 0 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
                    out.add(new SessionEvent(seq, SessionEvent.Kind.TOKEN, gen, text, EventJson.token(seq, gen, text)));
                } else {
                    out.add(new SessionEvent(seq, KINDS[(int) (m >>> KIND_SHIFT) & 0xFF], gen, null, kept));
                }
            }
            at = wrap(at + length, bytes.length);
        }
        return out;
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
        int length = (int) (meta[head] & LENGTH);
        head = wrap(head + 1, meta.length);
        count--;
        firstSeq++;
        byteHead = wrap(byteHead + length, bytes.length);
        byteCount -= length;
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
