package dev.switchboard.security;

import dev.switchboard.config.LimitsConfig;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import java.time.Duration;

/**
 * One connection's token buckets (Bucket4j): one for frames of any kind, one for prompts, one for new
 * sessions (made with the first one, as most connections never make a second session).
 *
 * <p>Concurrency: Bucket4j's local buckets are lock-free; all calls come from the connection's frame
 * thread, which alone writes {@code sessions}.
 */
public final class RateLimiter {

    private final LimitsConfig limits;
    private final Bucket frames;
    private final Bucket prompts;
    private Bucket sessions;

    public RateLimiter(LimitsConfig limits) {
        this.limits = limits;
        this.frames = bucket(limits.framesPerSecond(), limits.frameBurst());
        this.prompts = bucket(limits.promptsPerSecond(), limits.promptBurst());
    }

    static Bucket bucket(double perSecond, int burst) {
        long nanosPerToken = Math.max(1, (long) (1_000_000_000L / perSecond));
        return Bucket.builder().addLimit(Bandwidth.builder().capacity(burst)
                .refillGreedy(1, Duration.ofNanos(nanosPerToken)).build()).build();
    }

    /** Takes one frame; false when the connection sends faster than allowed. */
    public boolean frame() {
        return frames.tryConsume(1);
    }

    /** Takes one new session; false when the connection makes them faster than allowed. */
    public boolean newSession() {
        if (sessions == null) {
            sessions = bucket(limits.sessionsPerSecond(), limits.sessionBurst());
        }
        return sessions.tryConsume(1);
    }

    /** Takes one prompt; false when the connection prompts faster than allowed. */
    public boolean prompt() {
        return prompts.tryConsume(1);
    }
}
