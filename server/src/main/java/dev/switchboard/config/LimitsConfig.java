package dev.switchboard.config;

/**
 * What one connection may send (token buckets: a rate and a burst).
 *
 * @param framesPerSecond frames of any kind, sustained; beyond the burst: {@code rate_limited}
 * @param promptsPerSecond prompts, sustained
 * @param maxPromptChars the longest prompt text
 * @param maxParamsBytes the largest {@code params} object, as JSON
 */
public record LimitsConfig(double framesPerSecond, int frameBurst, double promptsPerSecond, int promptBurst,
                           int maxPromptChars, int maxParamsBytes) {

    public LimitsConfig {
        if (!(framesPerSecond > 0) || !(promptsPerSecond > 0)) {
            throw new IllegalArgumentException("rate-frames and rate-prompts must be positive");
        }
        Check.positive("frame-burst", frameBurst);
        Check.positive("prompt-burst", promptBurst);
        Check.positive("max-prompt-chars", maxPromptChars);
        Check.positive("max-params-bytes", maxParamsBytes);
    }
}
