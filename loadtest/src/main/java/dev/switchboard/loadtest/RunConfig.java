package dev.switchboard.loadtest;

import java.net.URI;
import java.time.Duration;

/**
 * One load test's settings, checked.
 *
 * @param share the fraction of users that drop (resume) or stop reading (slow)
 * @param usersPerSession users sharing one session (multiplayer)
 * @param ioThreads the client's event-loop threads
 * @param io how the client's event loops reach the kernel; {@link ClientIo#AUTO} is resolved here, so a
 *     run's settings say which one it used
 * @param warmUp unmeasured load in this process before the run ({@link Duration#ZERO} for none)
 * @param warmUpUsers the users of that warm-up
 */
record RunConfig(URI url, int users, Duration ramp, Duration duration, int delayMs, int tokens, Scenario scenario,
                 double share, int usersPerSession, Duration grace, long seed, int ioThreads,
                 ClientIo io, Duration warmUp, int warmUpUsers) {

    /** A warm-up ramps its users up in this time at most: it is there to run the code, not to be measured. */
    private static final Duration MAX_WARM_UP_RAMP = Duration.ofSeconds(5);

    RunConfig {
        if (!"ws".equals(url.getScheme()) && !"wss".equals(url.getScheme())) {
            throw new IllegalArgumentException("--url must be a ws:// or wss:// URL, got " + url);
        }
        if (users < 1) {
            throw new IllegalArgumentException("--users must be at least 1");
        }
        if (tokens < 1 || tokens > 10_000) {
            throw new IllegalArgumentException("--tokens must be between 1 and 10000");
        }
        if (delayMs < 0 || delayMs > 60_000) {
            throw new IllegalArgumentException("--delay-ms must be between 0 and 60000");
        }
        if (share < 0 || share > 1) {
            throw new IllegalArgumentException("--share must be between 0 and 1");
        }
        if (usersPerSession < 1) {
            throw new IllegalArgumentException("--users-per-session must be at least 1");
        }
        if (ioThreads < 1 || ioThreads > 64) {
            throw new IllegalArgumentException("--io-threads must be 0 (automatic) or between 1 and 64");
        }
        if (warmUp.isNegative()) {
            throw new IllegalArgumentException("--warmup must not be negative");
        }
        if (warmUpUsers < 1) {
            throw new IllegalArgumentException("--warmup-users must be 0 (automatic) or at least 1");
        }
        io = io.resolve();
    }

    /**
     * The settings of this run's warm-up: the same scenario, pacing and client, with {@link #warmUpUsers} users
     * for {@link #warmUp}, a ramp of at most five seconds, other prompts, and no warm-up of its own.
     */
    RunConfig warmUpRun() {
        Duration warmRamp = ramp.compareTo(MAX_WARM_UP_RAMP) < 0 ? ramp : MAX_WARM_UP_RAMP;
        return new RunConfig(url, warmUpUsers, warmRamp, warmUp, delayMs, tokens, scenario, share, usersPerSession,
                grace, seed + 1, ioThreads, io, Duration.ZERO, warmUpUsers);
    }

    /** The pause per token the prompts ask for. */
    int pacingMs() {
        return scenario == Scenario.BURST ? 0 : delayMs;
    }
}
