package dev.switchboard.loadtest;

import java.net.InetAddress;
import java.time.Duration;

/**
 * The hostile scenario's own settings, checked: the attackers, and the limits its verdict holds the
 * attack phase to.
 *
 * @param attackers attacker connections (each runs one abuse at a time)
 * @param attackerAddress the local address attackers bind, apart from the users' own
 * @param maxLateness the attack phase's p99 token lateness at most
 * @param maxStall the attack phase's worst stall at most
 * @param ttftSlack how much the attack phase's p99 TTFT may exceed the calm phase's
 * @param maxHeapGrowthBytes how far the attack's last-third minimum heap may be above the calm maximum
 */
record HostileConfig(int attackers, InetAddress attackerAddress, Duration maxLateness, Duration maxStall,
                     Duration ttftSlack, long maxHeapGrowthBytes) {

    /** At most this many attackers: each can open a dozen sockets, on the cores the server shares. */
    static final int MAX_ATTACKERS = 500;
    /** How long each liveness probe may take, from connect to welcome. */
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

    HostileConfig {
        if (attackers < 0 || attackers > MAX_ATTACKERS) {
            throw new IllegalArgumentException("--attackers must be between 0 and " + MAX_ATTACKERS);
        }
        if (maxLateness.isNegative() || maxStall.isNegative() || ttftSlack.isNegative()) {
            throw new IllegalArgumentException("--max-lateness, --max-stall and --ttft-slack must not be negative");
        }
        if (maxHeapGrowthBytes < 0) {
            throw new IllegalArgumentException("--max-heap-growth must not be negative");
        }
    }
}
