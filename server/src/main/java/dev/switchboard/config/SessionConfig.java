package dev.switchboard.config;

import java.time.Duration;

/**
 * How sessions are kept.
 *
 * @param idleTtl how long a session with no connection and no work is kept
 * @param emptyTtl how long such a session is kept when it never got a prompt (the shorter of the
 *     two applies): a session no one has talked in is cheap to lose and cheap to make in bulk
 * @param maxSessions the most conversations (sessions that got a prompt) held at once; beyond it, new
 *     sessions are refused at hello (sessions that never got a prompt do not count)
 * @param queueSize prompts that may wait behind the running one (beyond it: {@code busy})
 * @param eventLogSize events kept for resume, at least, per session, when they fit in
 *     {@code eventLogMaxBytes}
 * @param eventLogMaxBytes bytes of finished replies' events kept for resume, at most, per session
 * @param maxConnectionsPerSession connections attached to one session at once
 * @param historyMaxTurns turns a session's history keeps (older ones are dropped)
 * @param historyMaxChars characters of text a session's history keeps (older turns are dropped)
 * @param welcomeHistoryTurns the most recent turns a {@code welcome} carries (older ones come by the
 *     {@code history} frame)
 * @param maxReplyTokens tokens one reply may have; the resume log keeps every event of a running reply,
 *     so this bounds what one reply holds there (a reply that reaches it ends with reason
 *     {@code error})
 */
public record SessionConfig(Duration idleTtl, Duration emptyTtl, int maxSessions, int queueSize, int eventLogSize,
                            long eventLogMaxBytes, int maxConnectionsPerSession, int historyMaxTurns, int historyMaxChars,
                            int welcomeHistoryTurns, int maxReplyTokens) {

    public SessionConfig {
        Check.positive("session-ttl", idleTtl);
        Check.positive("empty-session-ttl", emptyTtl);
        Check.positive("max-sessions", maxSessions);
        Check.between("session-queue", queueSize, 0, 10_000);
        Check.between("event-log-size", eventLogSize, 1, 10_000_000);
        Check.between("event-log-max-bytes", eventLogMaxBytes, 1024, Long.MAX_VALUE);
        Check.positive("max-connections-per-session", maxConnectionsPerSession);
        Check.between("history-max-turns", historyMaxTurns, 2, 1_000_000);
        Check.positive("history-max-chars", historyMaxChars);
        Check.between("welcome-history-turns", welcomeHistoryTurns, 0, 1_000_000);
        Check.positive("max-reply-tokens", maxReplyTokens);
    }
}
