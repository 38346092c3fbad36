package dev.switchboard.generation;

/**
 * The owner of a generation (its session), as the scheduler and the runner see it.
 *
 * <p>Each method takes the owner's lock itself; callers must hold no session lock.
 */
public interface GenerationHost {

    /** Publishes a token; throws {@link GenerationCancelledException} once the reply has ended. */
    void token(String text);

    /** Ends the reply; only the first call counts. */
    void end(Reason reason, Outcome outcome, String error);

    /** The scheduler gave this queued generation a slot: start it, or give the slot back. */
    void admitted();

    /** The generation's place in the global queue changed. */
    void positionChanged();

    /** The generation's thread has finished and its slot is free again. */
    void released();
}
