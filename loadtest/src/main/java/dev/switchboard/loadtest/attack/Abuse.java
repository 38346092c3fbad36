package dev.switchboard.loadtest.attack;

/**
 * One abuse of the catalogue, for one attacker's turn: a fresh instance each turn. {@link #begin}
 * opens what it needs through the {@link Turn}; everything after happens in socket callbacks and turn
 * timers, on the attackers' event loop, and never blocks it. When the turn ends, the turn closes what
 * it opened.
 */
interface Abuse {

    /** Starts the turn. */
    void begin(Turn turn);
}
