package dev.switchboard.session;

/**
 * A receiver of a session's events: in this process, a WebSocket connection's outbox.
 *
 * <p>Live events come one by one ({@link #event}). A subscriber that is behind (it has just attached
 * and has missed events, or it could not keep up) reads the session's held events instead, a chunk at
 * a time ({@link Backlog#catchUp}), and ignores live ones until it has caught up: then the session
 * says so, under its lock, and live events flow again with no duplicate and no hole.
 *
 * <p>Every method is called while the session's lock is held, which is what orders events the same
 * way for every subscriber; they must queue and return, never block, never call back into the
 * session.
 */
public interface Subscriber {

    /** It is attached to the session of {@code backlog}; the first call of an attach. */
    void subscribed(Backlog backlog);

    /** It no longer is; whatever it has queued of the session's events may still go out. */
    void unsubscribed();

    /** A frame that is not a session event (welcome), sent before the events that follow it. */
    void frame(String json);

    /** A frame of held events (one event, or consecutive tokens merged), in seq order. */
    void replayed(byte[] frame);

    /** More held events wait from {@code next} on: ask for them with {@link Backlog#catchUp}. */
    void behind(Cursor next);

    /** It has every event so far: live events come by {@link #event} from now on. */
    void caughtUp();

    /** Events it has not had are no longer held: it cannot continue without a gap. */
    void lost();

    /** A live session event, in seq order. */
    void event(SessionEvent event);

    /**
     * Two consecutive live events that were made together (a prompt's {@code queued} and its
     * {@code start}); a subscriber may write them out at once.
     */
    default void events(SessionEvent first, SessionEvent second) {
        event(first);
        event(second);
    }
}
