package dev.switchboard.session;

/**
 * A receiver of a session's events: in this process, a WebSocket connection's outbox.
 *
 * <p>Both methods are called while the session's lock is held, which is what orders events the same
 * way for every subscriber; they must queue and return, never block.
 */
public interface Subscriber {

    /** A session event, in seq order. */
    void event(SessionEvent event);

    /** A frame that is not a session event (welcome), sent before the events that follow it. */
    void frame(String json);
}
