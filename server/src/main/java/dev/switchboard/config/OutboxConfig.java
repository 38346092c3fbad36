package dev.switchboard.config;

import java.time.Duration;

/**
 * How far a connection may fall behind.
 *
 * @param maxInFlight frames written to the socket and not yet sent
 * @param maxPending frames waiting behind those; past it the connection reads its session's events
 *     from the session's log instead of holding them
 * @param maxBytes bytes of frames waiting (merged tokens counted); past it, the same
 * @param slowConsumerTimeout how long a reader may make no progress before it is closed
 */
public record OutboxConfig(int maxInFlight, int maxPending, long maxBytes, Duration slowConsumerTimeout) {

    public OutboxConfig {
        Check.positive("outbox-in-flight", maxInFlight);
        Check.positive("outbox-pending", maxPending);
        Check.between("outbox-max-bytes", maxBytes, 1024, Long.MAX_VALUE);
        Check.positive("slow-consumer-timeout", slowConsumerTimeout);
    }
}
