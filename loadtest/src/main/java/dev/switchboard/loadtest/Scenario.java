package dev.switchboard.loadtest;

/** What the simulated users do. */
enum Scenario {
    /** Each user keeps one reply streaming: a new prompt as soon as the last one is done. */
    STEADY,
    /** As steady, with {@code delayMs} 0: tokens as fast as the server makes them. */
    BURST,
    /** Connect, one prompt, disconnect; again, on a new session each time. */
    CHURN,
    /** As steady, but a share of users drop the connection mid-reply and resume with {@code after}. */
    RESUME,
    /** As steady, but a share of users stop reading; the rest must stay on time. */
    SLOW,
    /** Several users per session, each prompting in turn; all must see every reply whole. */
    MULTIPLAYER,
    /** Users connect, say hello and then stay idle: for memory per idle session. */
    IDLE,
    /**
     * As steady, in two measured phases of the duration each: the users alone (calm), then the same
     * users while attackers from another loopback address run a catalogue of abuses (attack). Beside
     * the cross-talk verdict it fails on the attack phase's p99 lateness, worst stall and TTFT against
     * limits and against the calm phase, on a server that does not answer a fresh hello and a resume
     * afterwards, and on heap growth; see {@link HostileRun}.
     */
    HOSTILE
}
