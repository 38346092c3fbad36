package dev.switchboard.session;

/** A session's held events, as a subscriber that fell behind reads them (see {@link Subscriber}). */
public interface Backlog {

    /**
     * Hands {@code subscriber} the held events from {@code from} on, about {@code budget} bytes of
     * them, through {@link Subscriber#replayed}; then tells it where it stands: {@link
     * Subscriber#caughtUp}, {@link Subscriber#behind} or {@link Subscriber#lost}. Does nothing when
     * it is no longer subscribed. Takes the session's lock: the caller must hold no outbox's lock.
     */
    void catchUp(Subscriber subscriber, Cursor from, int budget);
}
