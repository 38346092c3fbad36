package dev.switchboard.transport;

import java.util.concurrent.atomic.LongAdder;

/**
 * The counts outboxes keep; shared by all connections of a server, read by the metrics registry at
 * scrape time. Adders rather than Micrometer counters: two of them count every token, and a
 * Prometheus counter's increment also offers each value to its exemplar sampler, which reads the
 * clock.
 */
record OutboxCounters(LongAdder frames, LongAdder tokens, LongAdder merged, LongAdder slowClosed,
                      LongAdder fellBehind) {
}
