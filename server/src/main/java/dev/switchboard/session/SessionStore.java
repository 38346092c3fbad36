package dev.switchboard.session;

import java.util.function.Consumer;

/**
 * Where sessions live. In one process that is {@link SessionRegistry}; the interface is what a
 * shared store (so that any node can serve any session) has to provide.
 */
public interface SessionStore {

    /**
     * A new, empty session, or null when the session limit is reached.
     *
     * @param owner the subject it belongs to (auth on), or null for an anonymous session
     */
    Session create(String owner);

    /**
     * Runs {@code action} on the session with this id while it cannot expire, and renews its expiry
     * afterwards.
     *
     * @return the session, or null when no such session exists (never made, or expired)
     */
    Session with(String id, Consumer<Session> action);

    /**
     * The session with this id, looked up without renewing its expiry (for checks such as whether a
     * subject may attach), or null.
     */
    Session find(String id);

    /** Renews the expiry of {@code session} after it may have become idle. */
    void touch(Session session);

    /** True when the session limit is reached (an estimate: expired sessions may still count). */
    boolean isFull();

    /** Sessions held now (an estimate). */
    long size();

    /** Ends the work of every session (shutdown). */
    void closeAll();
}
