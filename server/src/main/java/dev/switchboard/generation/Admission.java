package dev.switchboard.generation;

/** What the {@link Scheduler} did with a generation. */
public enum Admission {
    /** A slot was free: run it now. */
    RUN,
    /** Waiting in the global queue; {@link GenerationHost#admitted} follows. */
    QUEUED,
    /** The global queue is full. */
    REJECTED
}
