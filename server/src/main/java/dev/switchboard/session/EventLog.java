package dev.switchboard.session;

import java.nio.charset.StandardCharsets;
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
 * <p>Layout: the events' bytes sit end to end in one byte ring, with an event ring beside it (each
 * event's byte length, kind and generation id; seq is implied by position). A token is kept as its
 * text's bytes only (ISO-8859-1 when every char fits, else UTF-8: a few bytes, where its frame is
 * about 60) and framed again, identically, when handed out; other events keep their whole frame. A session holds about a thousand events:
 * as four objects per event (event, text, text bytes, frame) thousands of sessions gave the garbage
 * collector millions of long-lived objects to mark again and again, and with whole frames 4,000
 * sessions held 300 MB; here a session's log is a handful of arrays, about 15 bytes per token.
 * Events handed out are rebuilt from the ring with fresh arrays.
 *
 * <p>Concurrency: not thread-safe; the owning session's lock guards every call.
 */
final class EventLog {

    private static final int MIN_EVENTS = 16;
    private static final int MIN_BYTES = 1024;
    private static final SessionEvent.Kind[] KINDS = SessionEvent.Kind.values();
    private static final int TEXT_ONLY = 0x40; // flag in kinds[]: a token kept as its text's bytes...
    private static final int LATIN1 = 0x20; // ...in ISO-8859-1 (one byte a char) rather than UTF-8
    private static final int KIND = 0x0F;

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
        boolean textOnly = event.kind() == SessionEvent.Kind.TOKEN && event.text() != null;
        boolean latin1 = textOnly && isLatin1(event.text());
        byte[] kept = !textOnly ? event.frame()
                : event.text().getBytes(latin1 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
        if (count == lengths.length || byteCount + kept.length > bytes.length) {
            // half as much again: a long reply's log is megabytes, and doubling left as much unused
            resize(count + Math.max(1, count / 2), byteCount + Math.max(kept.length, byteCount / 2));
        }
        int slot = (head + count) % lengths.length;
        lengths[slot] = kept.length;
        kinds[slot] = (byte) (event.kind().ordinal() | (textOnly ? TEXT_ONLY : 0) | (latin1 ? LATIN1 : 0));
        gens[slot] = event.gen();
        copyIn(kept, (byteHead + byteCount) % bytes.length);
        count++;
        byteCount += kept.length;
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
                byte[] kept = new byte[lengths[slot]];
                copyOut(at, kept);
                long seq = firstSeq + i;
                if ((kinds[slot] & TEXT_ONLY) != 0) {
                    String text = new String(kept,
                            (kinds[slot] & LATIN1) != 0 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
                    out.add(new SessionEvent(seq, SessionEvent.Kind.TOKEN, gens[slot], text,
                            EventJson.token(seq, gens[slot], text)));
                } else {
                    out.add(new SessionEvent(seq, KINDS[kinds[slot] & KIND], gens[slot], null, kept));
                }
            }
            at = (at + lengths[slot]) % bytes.length;
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
