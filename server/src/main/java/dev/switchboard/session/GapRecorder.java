package dev.switchboard.session;

/**
 * Collects the token gaps of one reply (the time from one token to the next). Each reply has its
 * own, written under its session's lock, so the per-token path touches no memory that other threads
 * write; the counts reach the shared metric once, in {@link #flush}, when the reply ends.
 *
 * <p>Concurrency: not thread-safe; the owning session's lock guards every call.
 */
public interface GapRecorder {

    /** One gap, in nanoseconds. */
    void record(long nanos);

    /** Hands what was recorded to the shared metric. Called once, as the reply ends. */
    void flush();

    /** Records nothing. */
    GapRecorder NONE = new GapRecorder() {
        @Override
        public void record(long nanos) {
        }

        @Override
        public void flush() {
        }
    };
}
