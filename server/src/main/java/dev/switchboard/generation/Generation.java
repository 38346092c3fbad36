package dev.switchboard.generation;

/**
 * One reply being made: the handle the scheduler queues and the runner runs.
 *
 * <p>Concurrency: {@code globalPosition} is written by the {@link Scheduler} under its lock and read
 * by the owner; {@code thread} and {@code prompt} are written once by the runner before the generator
 * is called and read by whoever aborts. An abort may come before the runner has bound them: it sets
 * {@code aborted} first and {@link #bind} reads it last (all volatile), so either the abort sees the
 * prompt or the bind sees the abort, and the generator is never left running. Everything else is final.
 */
public final class Generation {

    private final String id;
    private final GenerationHost host;
    private volatile int globalPosition;
    private volatile Thread thread;
    private volatile Prompt prompt;
    private volatile boolean aborted;

    public Generation(String id, GenerationHost host) {
        this.id = id;
        this.host = host;
    }

    /** The server-made generation id ({@code gen} on the wire). */
    public String id() {
        return id;
    }

    /** The owner of this generation. */
    public GenerationHost host() {
        return host;
    }

    /** 1-based place in the global queue while queued there, else 0. */
    public int globalPosition() {
        return globalPosition;
    }

    void globalPosition(int position) {
        this.globalPosition = position;
    }

    void bind(Thread thread, Prompt prompt) {
        this.prompt = prompt;
        this.thread = thread;
        if (aborted) {
            prompt.cancel(); // the reply ended before this thread got going: do not run the generator
        }
    }

    /**
     * Stops the generator after its reply has ended: runs the prompt's cancel hooks and interrupts its
     * thread. Safe to call at any time, from any thread, more than once.
     */
    public void abort() {
        aborted = true;
        Prompt p = prompt;
        if (p != null) {
            p.cancel();
        }
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    @Override
    public String toString() {
        return id;
    }
}
