package dev.switchboard.security;

import dev.switchboard.config.LimitsConfig;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import java.time.Duration;

/**
 * One connection's token buckets (Bucket4j): one for frames of any kind, one for prompts.
 *
 * <p>Thread-safe (Bucket4j's local buckets are lock-free); in practice called from the connection's
 * frame thread only.
 */
public final class RateLimiter {

    private final Bucket frames;
    private final Bucket prompts;

    public RateLimiter(LimitsConfig limits) {
        this.frames = bucket(limits.framesPerSecond(), limits.frameBurst());
        this.prompts = bucket(limits.promptsPerSecond(), limits.promptBurst());
    }

    private static Bucket bucket(double perSecond, int burst) {
        long nanosPerToken = Math.max(1, (long) (1_000_000_000L / perSecond));
        return Bucket.builder().addLimit(Bandwidth.builder().capacity(burst)
                .refillGreedy(1, Duration.ofNanos(nanosPerToken)).build()).build();
    }

    /** Takes one frame; false when the connection sends faster than allowed. */
    public boolean frame() {
        return frames.tryConsume(1);
    }

    /** Takes one prompt; false when the connection prompts faster than allowed. */
    public boolean prompt() {
        return prompts.tryConsume(1);
    }
}
