package dev.switchboard.generation;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.switchboard.config.SweepPeriod;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The watchdogs of the generations that are running, checked together by one periodic sweep on a
 * timer thread rather than by one timer task per generation (which each token used to re-arm).
 *
 * <p>Concurrency: the set is concurrent; watchdogs are added by the launching thread and removed by
 * whichever thread ends the generation, and the sweep iterates it weakly consistently (a watchdog
 * added during a sweep is checked by the next one).
 */
final class Watchdogs {

    private final Set<Watchdog> armed = ConcurrentHashMap.newKeySet();
    private final Ticker clock;
    private final Duration total;
    private final Duration idle;

    Watchdogs(Ticker clock, Duration total, Duration idle) {
        this.clock = clock;
        this.total = total;
        this.idle = idle;
    }

    /** A new watchdog for {@code gen}, armed from now. */
    Watchdog arm(Generation gen) {
        Watchdog watchdog = new Watchdog(gen, clock, total, idle);
        armed.add(watchdog);
        return watchdog;
    }

    void disarm(Watchdog watchdog) {
        armed.remove(watchdog);
    }

    /** Times out every generation whose deadline has passed. */
    void sweep() {
        long now = clock.read();
        for (Watchdog w : armed) {
            w.check(now);
        }
    }

    /** How often to sweep: see {@link SweepPeriod}. */
    Duration period() {
        return SweepPeriod.of(total, idle);
    }
}
