package dev.switchboard.generation;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Ends a generation that runs too long in total, or waits too long for its next token.
 *
 * <p>One pending timer task per generation: when it fires early (tokens kept coming) it re-arms for
 * the next deadline, so the token path only writes a volatile timestamp.
 *
 * <p>Concurrency: {@code lastToken} is written by the generator's thread(s) and read by the timer
 * thread; {@code task} is written by the arming thread and the timer thread, read by
 * {@link #disarm}; a task that slips past disarm finds {@code disarmed} set and does nothing.
 */
final class Watchdog implements Runnable {

    private final Generation gen;
    private final ScheduledExecutorService timers;
    private final long totalNanos;
    private final long idleNanos;
    private final long startNanos = System.nanoTime();
    private volatile long lastToken = startNanos;
    private volatile boolean disarmed;
    private volatile ScheduledFuture<?> task;

    Watchdog(Generation gen, ScheduledExecutorService timers, Duration total, Duration idle) {
        this.gen = gen;
        this.timers = timers;
        this.totalNanos = total.toNanos();
        this.idleNanos = idle.toNanos();
    }

    void arm() {
        schedule(Math.min(totalNanos, idleNanos));
    }

    void tokenSeen() {
        lastToken = System.nanoTime();
    }

    void disarm() {
        disarmed = true;
        ScheduledFuture<?> t = task;
        if (t != null) {
            t.cancel(false);
        }
    }

    @Override
    public void run() {
        if (disarmed) {
            return;
        }
        long now = System.nanoTime();
        long totalLeft = startNanos + totalNanos - now;
        long idleLeft = lastToken + idleNanos - now;
        if (totalLeft <= 0) {
            expire("the reply took longer than " + seconds(totalNanos));
        } else if (idleLeft <= 0) {
            expire("no token came for " + seconds(idleNanos));
        } else {
            schedule(Math.min(totalLeft, idleLeft));
        }
    }

    private void expire(String why) {
        gen.host().end(Reason.TIMEOUT, null, why);
        gen.abort();
    }

    private void schedule(long delayNanos) {
        if (!disarmed) {
            task = timers.schedule(this, delayNanos, TimeUnit.NANOSECONDS);
        }
    }

    private static String seconds(long nanos) {
        return Duration.ofNanos(nanos).toMillis() / 1000.0 + " s";
    }
}
