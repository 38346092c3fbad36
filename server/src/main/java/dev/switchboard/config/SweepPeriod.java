package dev.switchboard.config;

import java.time.Duration;

/**
 * How often a periodic check of deadlines runs (the connections' sweep, the generations' timeout
 * sweep): a quarter of the shortest deadline it checks, so none fires more than a quarter of itself
 * late; at least once a second, and at most every 10 ms.
 */
public final class SweepPeriod {

    private static final long MIN = Duration.ofMillis(10).toNanos();
    private static final long MAX = Duration.ofSeconds(1).toNanos();

    private SweepPeriod() {
    }

    /** The period for a sweep that checks these deadlines. */
    public static Duration of(Duration... deadlines) {
        long shortest = Long.MAX_VALUE;
        for (Duration d : deadlines) {
            shortest = Math.min(shortest, d.toNanos());
        }
        return Duration.ofNanos(Math.max(MIN, Math.min(shortest / 4, MAX)));
    }
}
