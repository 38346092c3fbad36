package dev.switchboard.generation;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Keeps a blocking generator that streams tokens on the CPU without pause from holding a carrier
 * thread. Virtual threads run on as many carriers as there are cores, and one that computes without
 * blocking keeps its carrier: two blocking generators looping as fast as they can held both carriers
 * of a 2-core machine, and a paced blocking generator woken from its sleep waited 300 to 1,900 ms for
 * one. Neither {@link Thread#yield} nor a short park or sleep lets it in: on JDK 25 a virtual thread's
 * timed park wakes up through a task that the pool's delay scheduler puts in a shared queue, while
 * the loops' own wake-ups come back through the carriers' local queues, which the carriers serve
 * first. Telling a hot loop from a paced one by the time between its tokens fails too, as soon as the
 * machine is busy (a preempted loop looks paced).
 *
 * <p>So the sink of a blocking generator lets through at most {@value #TOKENS_PER_MILLI} tokens a
 * millisecond; one more, and the generator parks to the end of that millisecond, off its carrier,
 * with no timeout of its own: the server's timer thread unparks it, so its wake-up goes to the shared
 * queue behind the threads that were waiting. That is 64,000 tokens a second, a hundred times what a
 * model makes, and a loop at that rate keeps a carrier busy for a fraction of each millisecond. A
 * paced generator never reaches it. A generator that computes for long between tokens without
 * blocking is not braked, and holds its carrier while it computes.
 *
 * <p>Not thread-safe: one per generation, used by its own thread; the timer thread only unparks it.
 */
final class TokenBrake {

    static final int TOKENS_PER_MILLI = 64;
    private static final long MILLI = TimeUnit.MILLISECONDS.toNanos(1);

    private final ScheduledExecutorService timers;
    private long windowStart = System.nanoTime();
    private int tokens;

    /** @param timers a platform thread's timer, which wakes a braked generation */
    TokenBrake(ScheduledExecutorService timers) {
        this.timers = timers;
    }

    /**
     * Counts a token; past the rate, parks to the end of the current millisecond.
     *
     * @throws GenerationCancelledException when the generation is interrupted (cancelled) while parked
     */
    void tokenSent() {
        long now = System.nanoTime();
        if (now - windowStart >= MILLI) {
            windowStart = now;
            tokens = 0;
        }
        if (++tokens > TOKENS_PER_MILLI) {
            parkUntil(windowStart + MILLI);
            windowStart = System.nanoTime();
            tokens = 0;
        }
    }

    private void parkUntil(long deadline) {
        Thread self = Thread.currentThread();
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            timers.schedule(() -> LockSupport.unpark(self), left, TimeUnit.NANOSECONDS);
            LockSupport.park(this);
            if (Thread.interrupted()) {
                self.interrupt();
                throw new GenerationCancelledException();
            }
        }
    }
}
