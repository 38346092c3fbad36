package dev.switchboard.config;

/**
 * What one connection, and one remote address, may send (token buckets: a rate and a burst).
 *
 * @param framesPerSecond frames of any kind, sustained; beyond the burst: {@code rate_limited}
 * @param promptsPerSecond prompts, sustained
 * @param sessionsPerSecond new sessions one connection may make, sustained
 * @param addressSessionsPerSecond new sessions all connections from one address may make, sustained
 * @param maxPromptChars the longest prompt text
 * @param maxParamsBytes the largest {@code params} object, as JSON
 */
public record LimitsConfig(double framesPerSecond, int frameBurst, double promptsPerSecond, int promptBurst,
                           double sessionsPerSecond, int sessionBurst, double addressSessionsPerSecond,
                           int addressSessionBurst, int maxPromptChars, int maxParamsBytes) {

    public LimitsConfig {
        if (!(framesPerSecond > 0) || !(promptsPerSecond > 0) || !(sessionsPerSecond > 0)
                || !(addressSessionsPerSecond > 0)) {
            throw new IllegalArgumentException(
                    "rate-frames, rate-prompts, rate-sessions and rate-sessions-per-address must be positive");
        }
        Check.positive("frame-burst", frameBurst);
        Check.positive("prompt-burst", promptBurst);
        Check.positive("session-burst", sessionBurst);
        Check.positive("session-burst-per-address", addressSessionBurst);
        Check.positive("max-prompt-chars", maxPromptChars);
        Check.positive("max-params-bytes", maxParamsBytes);
    }
}
