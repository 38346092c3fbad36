package dev.switchboard.session;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * The recent events of one session, for resume.
 *
 * <p>Keeps at least the last {@code capacity} events, and every event of a generation that is still
 * queued or running: trimming stops at the oldest event of such a generation, so the held events are
 * always a contiguous range of seq ending at the session's last seq.
 *
 * <p>Layout: the frames sit end to end in one byte ring, with an event ring beside it (each event's
 * frame length, kind and generation id; seq is implied by position). A session holds about a
 * thousand events, so keeping four objects per event (event, text, text bytes, frame) had thousands
 * of sessions giving the garbage collector millions of long-lived objects to mark again and again;
 * here a session's log is a handful of arrays, whatever it holds. Events handed out are rebuilt from
 * the ring with a copy of their frame and no text (resume replays them as they were framed).
 *
 * <p>Concurrency: not thread-safe; the owning session's lock guards every call.
 */
final class EventLog {

    private static final int MIN_EVENTS = 16;
    private static final int MIN_BYTES = 1024;
    private static final SessionEvent.Kind[] KINDS = SessionEvent.Kind.values();

    private final int capacity;

    // The event ring: slot (head + i) % length holds the i-th held event, whose seq is firstSeq + i.
    private int[] lengths = new int[MIN_EVENTS];
    private byte[] kinds = new byte[MIN_EVENTS];
    private String[] gens = new String[MIN_EVENTS];
    private int head;
    private int count;
    private long firstSeq = -1;

    // The byte ring: the held frames, oldest first, from byteHead, byteCount bytes in all.
    private byte[] bytes = new byte[MIN_BYTES];
    private int byteHead;
    private int byteCount;

    EventLog(int capacity) {
        this.capacity = capacity;
    }

    /** Appends {@code event}, then drops old events that no live generation needs. */
    void append(SessionEvent event, Predicate<String> isLiveGeneration) {
        if (count == 0) {
            firstSeq = event.seq();
        } else if (event.seq() != firstSeq + count) {
            throw new IllegalArgumentException("seq " + event.seq() + " after " + (firstSeq + count - 1));
        }
        byte[] frame = event.frame();
        if (count == lengths.length || byteCount + frame.length > bytes.length) {
            resize(Math.max(count + 1, 2 * count), Math.max(byteCount + frame.length, 2 * byteCount));
        }
        int slot = (head + count) % lengths.length;
        lengths[slot] = frame.length;
        kinds[slot] = (byte) event.kind().ordinal();
        gens[slot] = event.gen();
        copyIn(frame, (byteHead + byteCount) % bytes.length);
        count++;
        byteCount += frame.length;
        while (count > capacity && !isLiveGeneration.test(gens[head])) {
            dropOldest();
        }
        if (bytes.length > MIN_BYTES && byteCount < bytes.length / 4) {
            resize(count * 4 < lengths.length ? 2 * count : lengths.length, 2 * byteCount); // a long reply ended
        }
    }

    /** The lowest seq still held, or {@code nextSeq} when the log is empty. */
    long firstSeq(long nextSeq) {
        return count == 0 ? nextSeq : firstSeq;
    }

    /** The held events with seq greater than {@code after}, in order. */
    List<SessionEvent> after(long after) {
        return collect(i -> firstSeq + i > after);
    }

    /** The held events of the generations {@code isLiveGeneration} accepts, in order. */
    List<SessionEvent> ofGenerations(Predicate<String> isLiveGeneration) {
        return collect(i -> isLiveGeneration.test(gens[(head + i) % gens.length]));
    }

    int size() {
        return count;
    }

    private interface Wanted {
        boolean test(int index);
    }

    private List<SessionEvent> collect(Wanted wanted) {
        List<SessionEvent> out = new ArrayList<>();
        int at = byteHead;
        for (int i = 0; i < count; i++) {
            int slot = (head + i) % lengths.length;
            if (wanted.test(i)) {
                byte[] frame = new byte[lengths[slot]];
                copyOut(at, frame);
                out.add(new SessionEvent(firstSeq + i, KINDS[kinds[slot]], gens[slot], null, frame));
            }
            at = (at + lengths[slot]) % bytes.length;
        }
        return out;
    }

    private void dropOldest() {
        int length = lengths[head];
        gens[head] = null;
        head = (head + 1) % lengths.length;
        count--;
        firstSeq++;
        byteHead = (byteHead + length) % bytes.length;
        byteCount -= length;
    }

    /** Moves both rings into new arrays of at least these sizes, oldest first from index 0. */
    private void resize(int events, int byteSize) {
        int n = Math.max(MIN_EVENTS, events);
        int[] newLengths = new int[n];
        byte[] newKinds = new byte[n];
        String[] newGens = new String[n];
        for (int i = 0; i < count; i++) {
            int slot = (head + i) % lengths.length;
            newLengths[i] = lengths[slot];
            newKinds[i] = kinds[slot];
            newGens[i] = gens[slot];
        }
        byte[] newBytes = new byte[Math.max(MIN_BYTES, byteSize)];
        copyOut(byteHead, newBytes, byteCount);
        lengths = newLengths;
        kinds = newKinds;
        gens = newGens;
        head = 0;
        bytes = newBytes;
        byteHead = 0;
    }

    private void copyIn(byte[] frame, int at) {
        int first = Math.min(frame.length, bytes.length - at);
        System.arraycopy(frame, 0, bytes, at, first);
        System.arraycopy(frame, first, bytes, 0, frame.length - first);
    }

    private void copyOut(int at, byte[] into) {
        copyOut(at, into, into.length);
    }

    private void copyOut(int at, byte[] into, int n) {
        int first = Math.min(n, bytes.length - at);
        System.arraycopy(bytes, at, into, 0, first);
        System.arraycopy(bytes, 0, into, first, n - first);
    }
}
