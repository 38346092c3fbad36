package dev.switchboard.transport;

import dev.switchboard.config.LimitsConfig;
import dev.switchboard.generation.Generator;
import dev.switchboard.security.AddressLimiter;
import dev.switchboard.security.AddressSessionLimiter;
import dev.switchboard.security.TokenVerifier;
import dev.switchboard.session.SessionStore;
import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.Counter;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * What every connection of a server shares. One per server.
 *
 * @param clock the clock of every deadline: the hello, pings, a stalled reader, the TCP drop
 * @param accepting false while the server drains: new prompts get {@code shutting_down}
 * @param closeGrace how long a closing socket may take before its TCP connection is dropped
 * @param errors the {@code switchboard.errors} counter of each code
 * @param tokens verifies {@code hello.token}; null when auth is off
 * @param pingInterval quiet time before a ping
 * @param pingTimeout time to answer it
 */
record ConnectionContext(SessionStore store, Generator generator, Ticker clock,
                         Duration helloTimeout, int maxFrameBytes, Duration closeGrace, OutboxLimits outbox,
                         OutboxCounters counters, Map<ErrorCode, Counter> errors, BooleanSupplier accepting,
                         UpgradeFilter upgrades, FrameLimitFilter frameLimits, Duration frameTimeout,
                         AddressSessionLimiter addressSessions, int maxConnectionsPerSession, LimitsConfig limits, TokenVerifier tokens, AddressLimiter addresses,
                         Duration pingInterval, Duration pingTimeout) {
}
