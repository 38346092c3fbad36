package dev.switchboard.loadtest;

import java.util.Locale;

/** The stretches of a hostile run; only {@link #CALM} and {@link #ATTACK} are measured apart. */
enum Phase {
    /** The users connect. */
    RAMP,
    /** The users alone, for the duration. */
    CALM,
    /** The users and the attackers, for the duration and the grace period that follows it. */
    ATTACK,
    /** Everything after: the checks that the server is still alive, the report. */
    AFTER;

    /** The name in the progress line and the result. */
    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
