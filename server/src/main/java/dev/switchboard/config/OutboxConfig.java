package dev.switchboard.config;

import java.time.Duration;

/**
 * How far a connection may fall behind.
 *
 * @param maxInFlight frames written to the socket and not yet sent
 * @param maxPending frames waiting behind those that could not be merged
 * @param slowConsumerTimeout how long a reader may make no progress before it is closed
 */
public record OutboxConfig(int maxInFlight, int maxPending, Duration slowConsumerTimeout) {

    public OutboxConfig {
        Check.positive("outbox-in-flight", maxInFlight);
        Check.positive("outbox-pending", maxPending);
        Check.positive("slow-consumer-timeout", slowConsumerTimeout);
    }
}
