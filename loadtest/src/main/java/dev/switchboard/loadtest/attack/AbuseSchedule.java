package dev.switchboard.loadtest.attack;

import java.time.Duration;

/**
 * Which abuse each attacker runs in each turn. Attacker {@code k} of {@code K} starts at abuse
 * {@code floor(k * 6 / K)} of the catalogue and moves to the next one every turn, all attackers at
 * once. With six attackers or more the starting points take every value, so at any moment every
 * abuse is being run by someone; with fewer they are spread evenly, so that all six have been run
 * after {@code ceil(6 / K)} turns, and each attacker still cycles through all of them.
 *
 * <p>Stateless.
 */
final class AbuseSchedule {

    /** How long an attacker keeps at one abuse. */
    static final Duration TURN = Duration.ofSeconds(5);

    private AbuseSchedule() {
    }

    /** The abuse of attacker {@code attacker} (from 0) of {@code attackers} in turn {@code turn} (from 0). */
    static AbuseKind abuseAt(int attacker, int attackers, int turn) {
        if (attacker < 0 || attacker >= attackers || turn < 0) {
            throw new IllegalArgumentException("attacker " + attacker + " of " + attackers + ", turn " + turn);
        }
        AbuseKind[] all = AbuseKind.values();
        int start = (int) ((long) attacker * all.length / attackers);
        return all[(int) ((start + (long) turn) % all.length)];
    }
}
