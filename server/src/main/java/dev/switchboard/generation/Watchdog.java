package dev.switchboard.generation;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;

/**
 * Ends a generation that runs too long in total, or waits too long for its next token.
 *
 * <p>It holds two deadlines and no timer of its own: the runner's {@link Watchdogs} sweep asks every
 * armed watchdog once per period whether a deadline has passed, reading the injected clock, so the
 * token path only writes a timestamp and tests move a fake clock instead of waiting.
 *
 * <p>Concurrency: {@code lastToken} is written by the generator's thread(s) and read by the sweep's
 * timer thread; {@code expired} makes the timeout happen once. Everything else is final.
 */
final class Watchdog {

    private final Generation gen;
    private final Ticker clock;
    private final long totalNanos;
    private final long idleNanos;
    private final long startNanos;
    private volatile long lastToken;
    private volatile boolean expired;

    Watchdog(Generation gen, Ticker clock, Duration total, Duration idle) {
        this.gen = gen;
        this.clock = clock;
        this.totalNanos = total.toNanos();
        this.idleNanos = idle.toNanos();
        this.startNanos = clock.read();
        this.lastToken = startNanos;
    }

    void tokenSeen() {
        lastToken = clock.read();
    }

    /** Ends the generation with {@code timeout} when a deadline has passed by {@code now}. */
    void check(long now) {
        if (expired) {
            return;
        }
        String why = null;
        if (now - startNanos >= totalNanos) {
            why = "the reply took longer than " + seconds(totalNanos);
        } else if (now - lastToken >= idleNanos) {
            why = "no token came for " + seconds(idleNanos);
        }
        if (why != null) {
            expired = true;
            gen.host().end(Reason.TIMEOUT, null, why);
            gen.abort();
        }
    }

    private static String seconds(long nanos) {
        return Duration.ofNanos(nanos).toMillis() / 1000.0 + " s";
    }
}
