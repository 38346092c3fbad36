package dev.switchboard.config;

import java.time.Duration;

/**
 * How generations run.
 *
 * @param maxConcurrent generations running at once across all sessions
 * @param globalQueueSize generations that may wait for a slot (beyond it: {@code overloaded})
 * @param timeout the longest a reply may take in total
 * @param tokenIdleTimeout the longest wait for the first token and between tokens
 * @param echoDelay the {@code echo} generator's default pause before each token
 * @param drainTimeout on stop, how long running and queued replies may go on before they end with
 *     {@code shutdown}
 */
public record GenerationConfig(int maxConcurrent, int globalQueueSize, Duration timeout, Duration tokenIdleTimeout,
                               Duration echoDelay, Duration drainTimeout) {

    public GenerationConfig {
        Check.positive("max-generations", maxConcurrent);
        Check.between("global-queue", globalQueueSize, 0, Integer.MAX_VALUE);
        Check.positive("generation-timeout", timeout);
        Check.positive("token-timeout", tokenIdleTimeout);
        Check.notNegative("echo-delay", echoDelay);
        Check.notNegative("drain-timeout", drainTimeout);
    }
}
