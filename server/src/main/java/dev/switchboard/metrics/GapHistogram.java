package dev.switchboard.metrics;

import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A Prometheus histogram with fixed buckets for a value recorded once per token (the token gap), on
 * whichever thread sends the token. Micrometer's timer (count, sum, a rotating max and a rotating
 * histogram, each written by every sending thread) cost about 5% of the server's CPU at 1,000 users.
 * A recorder per reply after that showed a reply's gaps only when it ended (a long reply's stalls
 * were invisible while it ran) and cost two objects per reply. Here each thread counts into one of
 * a few stripes, chosen by its id, so a pacer thread keeps adding to the same cache lines, which stay
 * in its core's cache; a scrape sums the stripes. Nothing is allocated per token or per reply.
 *
 * <p>Concurrency: {@link #record} may run on any thread; each count is one atomic add. A scrape that
 * overlaps recording may see the buckets and the sum of slightly different moments, as with any
 * lock-free histogram.
 */
final class GapHistogram implements Collector {

    private static final int STRIPES = 8; // a power of two, more than the pacer has threads
    private static final int LINE_LONGS = 8; // 64-byte cache lines

    private final String name;
    private final String help;
    private final long[] boundsNanos;
    private final double[] boundsSeconds; // the same, plus +Inf
    private final int sumIndex; // in a stripe, after the buckets (the last bucket is +Inf)
    private final int stripeLongs; // a stripe's cells, then a line's worth of padding before the next
    private final AtomicLongArray cells; // STRIPES stripes: per-bucket counts (not cumulative), then the sum

    /**
     * @param name the Prometheus name, with its unit ({@code switchboard_token_gap_seconds})
     * @param bounds the buckets' upper bounds, ascending
     */
    GapHistogram(String name, String help, Duration[] bounds) {
        this.name = name;
        this.help = help;
        this.boundsNanos = new long[bounds.length];
        this.boundsSeconds = new double[bounds.length + 1];
        for (int i = 0; i < bounds.length; i++) {
            boundsNanos[i] = bounds[i].toNanos();
            boundsSeconds[i] = boundsNanos[i] / 1e9;
        }
        boundsSeconds[bounds.length] = Double.POSITIVE_INFINITY;
        this.sumIndex = bounds.length + 1;
        // the array's start is not line-aligned, so whole-line stripes alone would not keep two stripes'
        // cells apart: LINE_LONGS - 1 unused longs after each stripe's cells always do
        this.stripeLongs = sumIndex + 1 + LINE_LONGS - 1;
        this.cells = new AtomicLongArray(STRIPES * stripeLongs);
    }

    /** Counts one value, in nanoseconds, into the first bucket whose bound it does not exceed. */
    void record(long nanos) {
        int i = 0;
        while (i < boundsNanos.length && nanos > boundsNanos[i]) {
            i++;
        }
        int stripe = (int) (Thread.currentThread().threadId() & (STRIPES - 1)) * stripeLongs;
        cells.getAndIncrement(stripe + i);
        cells.getAndAdd(stripe + sumIndex, nanos);
    }

    @Override
    public MetricSnapshot collect() {
        long[] counts = new long[sumIndex];
        long sumNanos = 0;
        for (int s = 0; s < STRIPES; s++) {
            int stripe = s * stripeLongs;
            for (int i = 0; i < counts.length; i++) {
                counts[i] += cells.get(stripe + i);
            }
            sumNanos += cells.get(stripe + sumIndex);
        }
        return HistogramSnapshot.builder().name(name).help(help)
                .dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
                        .classicHistogramBuckets(ClassicHistogramBuckets.of(boundsSeconds, counts))
                        .sum(sumNanos / 1e9)
                        .build())
                .build();
    }

    @Override
    public String getPrometheusName() {
        return name;
    }
}
