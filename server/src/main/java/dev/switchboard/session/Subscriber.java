package dev.switchboard.session;

/**
 * A receiver of a session's events: in this process, a WebSocket connection's outbox.
 *
 * <p>Every method is called while the session's lock is held, which is what orders events the same
 * way for every subscriber; they must queue and return, never block.
 */
public interface Subscriber {

    /** A session event, in seq order. */
    void event(SessionEvent event);

    /**
     * Two consecutive session events that were made together (a prompt's {@code queued} and its
     * {@code start}); a subscriber may write them out at once.
     */
    default void events(SessionEvent first, SessionEvent second) {
        event(first);
        event(second);
    }

    /** A frame that is not a session event (welcome), sent before the events that follow it. */
    void frame(String json);
}
