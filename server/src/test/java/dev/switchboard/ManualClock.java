package dev.switchboard;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that moves only when a test moves it: give it to the server with {@code cfg.ticker(clock)}
 * and every deadline (session expiry, hello, pings, timeouts, a stalled reader) reads it. The server's
 * sweeps still run on real time, a few times a second, so an effect shows within about a second of
 * moving the clock: wait for it with Awaitility, never a sleep.
 */
public final class ManualClock implements Ticker {

    private final AtomicLong nanos = new AtomicLong(TimeUnit.HOURS.toNanos(1));

    @Override
    public long read() {
        return nanos.get();
    }

    /** Moves the clock forward by {@code by}. */
    public void advance(Duration by) {
        nanos.addAndGet(by.toNanos());
    }
}
