package dev.switchboard.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.switchboard.config.LimitsConfig;
import io.github.bucket4j.Bucket;
import java.net.InetAddress;
import java.time.Duration;

/**
 * How many new sessions all connections from one remote address may make: a token bucket per
 * address (Bucket4j), kept in a Caffeine cache that forgets an address ten minutes after its last
 * new session, and holds at most 100,000 of them, so that the limiter itself cannot be flooded.
 * Loopback is exempt unless configured otherwise, as for the connection limit: behind a local proxy
 * or under a local load test, every client shares it.
 *
 * <p>Concurrency: the cache and the buckets are thread-safe; any connection's frame thread calls in.
 */
public final class AddressSessionLimiter {

    private final Cache<InetAddress, Bucket> buckets = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofMinutes(10)).maximumSize(100_000).executor(Runnable::run).build();
    private final double perSecond;
    private final int burst;
    private final boolean limitLoopback;

    public AddressSessionLimiter(LimitsConfig limits, boolean limitLoopback) {
        this.perSecond = limits.addressSessionsPerSecond();
        this.burst = limits.addressSessionBurst();
        this.limitLoopback = limitLoopback;
    }

    /** Takes one new session for {@code address}; false when it makes them faster than allowed. */
    public boolean newSession(InetAddress address) {
        if (address == null || (address.isLoopbackAddress() && !limitLoopback)) {
            return true;
        }
        return buckets.get(address, a -> RateLimiter.bucket(perSecond, burst)).tryConsume(1);
    }
}
