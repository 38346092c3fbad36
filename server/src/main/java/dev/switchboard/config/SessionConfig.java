package dev.switchboard.config;

import java.time.Duration;

/**
 * How sessions are kept.
 *
 * @param idleTtl how long a session with no connection and no work is kept
 * @param maxSessions the most sessions held at once; beyond it, new sessions are refused
 * @param queueSize prompts that may wait behind the running one (beyond it: {@code busy})
 * @param eventLogSize events kept for resume, at least, per session
 */
public record SessionConfig(Duration idleTtl, int maxSessions, int queueSize, int eventLogSize) {

    public SessionConfig {
        Check.positive("session-ttl", idleTtl);
        Check.positive("max-sessions", maxSessions);
        Check.between("session-queue", queueSize, 0, 10_000);
        Check.between("event-log-size", eventLogSize, 1, 10_000_000);
    }
}
