package dev.switchboard.loadtest;

import java.util.OptionalLong;

/**
 * Reads the server's heap in use from its Prometheus text ({@code GET /metrics}): the sum of
 * {@code jvm_memory_used_bytes} over the series labelled {@code area="heap"} (one per memory pool,
 * as Micrometer's JVM binder exposes them).
 *
 * <p>Stateless.
 */
final class HeapMetric {

    static final String NAME = "jvm_memory_used_bytes";

    private HeapMetric() {
    }

    /** The heap in use, in bytes; empty when the text has no such series. */
    static OptionalLong parse(String prometheusText) {
        boolean found = false;
        double sum = 0;
        for (String line : prometheusText.split("\n")) {
            if (!line.startsWith(NAME + "{")) {
                continue; // comments, other metrics, and a same-prefixed name such as ..._bytes_max
            }
            int close = line.indexOf('}');
            if (close < 0 || !line.substring(NAME.length() + 1, close).matches("(.*,)?\\s*area=\"heap\"\\s*(,.*)?")) {
                continue;
            }
            String[] rest = line.substring(close + 1).trim().split("\\s+"); // value, then maybe a timestamp
            try {
                double v = Double.parseDouble(rest[0]);
                if (Double.isFinite(v)) {
                    sum += v;
                    found = true;
                }
            } catch (NumberFormatException e) {
                // a malformed line is no figure
            }
        }
        return found ? OptionalLong.of((long) sum) : OptionalLong.empty();
    }
}
