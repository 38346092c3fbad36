package dev.switchboard.security;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts open connections per remote address and refuses one over the limit. Loopback is exempt
 * unless configured otherwise: behind a local proxy, or under a local load test, every client shares
 * it.
 *
 * <p>Concurrency: counts live in a concurrent map and change atomically per address.
 */
public final class AddressLimiter {

    private final int max;
    private final boolean limitLoopback;
    private final ConcurrentHashMap<InetAddress, Integer> open = new ConcurrentHashMap<>();

    /** @param max connections per address; 0 for no limit */
    public AddressLimiter(int max, boolean limitLoopback) {
        this.max = max;
        this.limitLoopback = limitLoopback;
    }

    /** Counts a new connection from {@code address}; false (and not counted) when over the limit. */
    public boolean acquire(InetAddress address) {
        if (address == null || max == 0 || (address.isLoopbackAddress() && !limitLoopback)) {
            return true;
        }
        boolean[] ok = {false};
        open.compute(address, (a, n) -> {
            int count = n == null ? 0 : n;
            ok[0] = count < max;
            return ok[0] ? count + 1 : (n);
        });
        return ok[0];
    }

    /** Forgets a connection counted by {@link #acquire}. */
    public void release(InetAddress address) {
        if (address == null || max == 0 || (address.isLoopbackAddress() && !limitLoopback)) {
            return;
        }
        open.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1);
    }
}
