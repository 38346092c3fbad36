package dev.switchboard.transport;

/**
 * Bounds of one connection's outbox.
 *
 * @param maxInFlight frames handed to the socket and not yet written
 * @param maxPending frames waiting behind them
 * @param maxBytes bytes waiting behind them, merged tokens included
 * @param stallNanos how long a reader may make no progress while frames wait
 */
record OutboxLimits(int maxInFlight, int maxPending, long maxBytes, long stallNanos) {
}
