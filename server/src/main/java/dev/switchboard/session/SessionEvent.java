package dev.switchboard.session;

/**
 * One event of a session's stream, encoded once and shared by every connection and the resume log.
 *
 * @param seq the session's sequence number, from 1, only growing
 * @param kind what the event is
 * @param gen the generation it belongs to
 * @param text the token text for {@link Kind#TOKEN} (the outbox merges tokens), else null
 * @param frame the event as a complete WebSocket text frame, built once for every connection and
 *     the resume log; never modified
 */
public record SessionEvent(long seq, Kind kind, String gen, String text, byte[] frame) {

    /** The session event types of PROTOCOL.md. */
    public enum Kind { QUEUED, START, TOKEN, DONE }

    /** True when {@code next} is a token of the same generation, so the two may share one frame. */
    public boolean mergesWith(SessionEvent next) {
        return kind == Kind.TOKEN && next.kind == Kind.TOKEN && gen.equals(next.gen);
    }
}
