package dev.switchboard.session;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The recent events of one session, for resume.
 *
 * <p>Keeps at least the last {@code capacity} events, and every event of a generation that is still
 * queued or running: trimming stops at the oldest event of such a generation, so the held events are
 * always a contiguous range of seq ending at the session's last seq.
 *
 * <p>Concurrency: not thread-safe; the owning session's lock guards every call.
 */
final class EventLog {

    private final int capacity;
    private final ArrayDeque<SessionEvent> events = new ArrayDeque<>();

    EventLog(int capacity) {
        this.capacity = capacity;
    }

    /** Appends {@code event}, then drops old events that no live generation needs. */
    void append(SessionEvent event, Predicate<String> isLiveGeneration) {
        events.addLast(event);
        while (events.size() > capacity && !isLiveGeneration.test(events.peekFirst().gen())) {
            events.pollFirst();
        }
    }

    /** The lowest seq still held, or {@code nextSeq} when the log is empty. */
    long firstSeq(long nextSeq) {
        SessionEvent first = events.peekFirst();
        return first == null ? nextSeq : first.seq();
    }

    /** The held events with seq greater than {@code after}, in order. */
    List<SessionEvent> after(long after) {
        List<SessionEvent> out = new ArrayList<>();
        for (SessionEvent e : events) {
            if (e.seq() > after) {
                out.add(e);
            }
        }
        return out;
    }

    /** The held events of the generations {@code isLiveGeneration} accepts, in order. */
    List<SessionEvent> ofGenerations(Predicate<String> isLiveGeneration) {
        List<SessionEvent> out = new ArrayList<>();
        for (SessionEvent e : events) {
            if (isLiveGeneration.test(e.gen())) {
                out.add(e);
            }
        }
        return out;
    }

    int size() {
        return events.size();
    }
}
