package dev.switchboard.session;

import dev.switchboard.generation.Reason;

/**
 * What sessions report for metrics. Called while a session's lock is held: implementations only
 * count (Micrometer meters are lock-free).
 */
public interface SessionObserver {

    /** A reply ended. */
    void generationEnded(Reason reason, long durationNanos);

    /** The first token of a reply was published, {@code nanos} after the reply started. */
    void firstToken(long nanos);

    /** A reply published a token {@code nanos} after its previous one. */
    void tokenGap(long nanos);

    /**
     * A hello with {@code after} attached a connection: {@code gap} when the events after it were no
     * longer held (the welcome said {@code gap: true}), false when they were all replayed.
     */
    default void resumed(boolean gap) {
    }

    /** Does nothing: for tests and embedders without metrics. */
    SessionObserver NONE = new SessionObserver() {
        @Override
        public void generationEnded(Reason reason, long durationNanos) {
        }

        @Override
        public void firstToken(long nanos) {
        }

        @Override
        public void tokenGap(long nanos) {
        }
    };
}
