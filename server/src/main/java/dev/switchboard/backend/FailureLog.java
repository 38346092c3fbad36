package dev.switchboard.backend;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs the model server's failures at WARN for the operator, with the details a user must not see
 * (the server's address, its status and own words, the exception), at most one line per kind of
 * failure every {@link #PERIOD}. A model server that is down fails every prompt the same way, and a
 * line per prompt would bury the log; the next line of that kind says how many were left out.
 *
 * <p>Concurrency: any number of threads may call {@link #warn}. Each kind's window is an immutable
 * value replaced atomically by {@link ConcurrentMap#compute}, so two failures of one kind at once
 * never both log, and none is lost from the count. The kinds are a small fixed set (and HTTP
 * statuses), so the map stays small.
 */
final class FailureLog {

    /** At most one line per kind of failure in this period. */
    static final Duration PERIOD = Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger(FailureLog.class);

    private final Ticker clock;
    private final ConcurrentMap<String, Window> windows = new ConcurrentHashMap<>();

    /** @param clock the clock the periods are measured on */
    FailureLog(Ticker clock) {
        this.clock = clock;
    }

    /**
     * Logs {@code line} unless a failure of the same {@code kind} was logged less than
     * {@link #PERIOD} ago; then it only counts it.
     */
    void warn(String kind, String line) {
        long now = clock.read();
        int[] leftOut = {-1};
        windows.compute(kind, (k, window) -> {
            if (window == null || now - window.loggedAt() >= PERIOD.toNanos()) {
                leftOut[0] = window == null ? 0 : window.leftOut();
                return new Window(now, 0);
            }
            return new Window(window.loggedAt(), window.leftOut() + 1);
        });
        if (leftOut[0] == 0) {
            LOG.warn("{}", line);
        } else if (leftOut[0] > 0) {
            LOG.warn("{} ({} more like it were not logged since the last such line)", line, leftOut[0]);
        }
    }

    /** When a kind last logged, and how many of it were left out since. */
    private record Window(long loggedAt, int leftOut) {
    }
}
