package dev.switchboard.transport;

import io.micrometer.core.instrument.Counter;

/** The meters outboxes count into; shared by all connections of a server. */
record OutboxCounters(Counter frames, Counter tokens, Counter merged, Counter slowClosed) {
}
