package dev.switchboard.metrics;

import dev.switchboard.session.GapRecorder;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A Prometheus histogram with fixed buckets that is filled a reply at a time: each reply records
 * its token gaps into a {@link GapRecorder} of its own and adds them here when it ends. A token gap
 * is measured once per token; recorded straight into a shared meter (Micrometer's timer: count,
 * sum, a rotating max and a rotating histogram, each written by every sending thread) it cost
 * about 5% of the server's CPU at 1,000 users. A reply's gaps therefore appear when it ends.
 *
 * <p>Concurrency: recorders are confined to their reply (its session's lock); {@link #add} and
 * {@link #collect} may run on any thread. A scrape that overlaps a flush may see the buckets and
 * the sum of different moments, as with any lock-free histogram.
 */
final class GapHistogram implements Collector {

    private final String name;
    private final String help;
    private final long[] boundsNanos;
    private final double[] boundsSeconds; // the same, plus +Inf
    private final AtomicLongArray counts; // per bucket, not cumulative; the last is +Inf
    private final AtomicLong sumNanos = new AtomicLong();

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
        this.counts = new AtomicLongArray(bounds.length + 1);
    }

    /** A recorder for one reply. */
    GapRecorder recorder() {
        return new Recorder();
    }

    private void add(long[] replyCounts, long replySumNanos) {
        for (int i = 0; i < replyCounts.length; i++) {
            if (replyCounts[i] != 0) {
                counts.addAndGet(i, replyCounts[i]);
            }
        }
        sumNanos.addAndGet(replySumNanos);
    }

    @Override
    public MetricSnapshot collect() {
        long[] now = new long[counts.length()];
        for (int i = 0; i < now.length; i++) {
            now[i] = counts.get(i);
        }
        return HistogramSnapshot.builder().name(name).help(help)
                .dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
                        .classicHistogramBuckets(ClassicHistogramBuckets.of(boundsSeconds, now))
                        .sum(sumNanos.get() / 1e9)
                        .build())
                .build();
    }

    @Override
    public String getPrometheusName() {
        return name;
    }

    /** One reply's gaps: plain fields, guarded by the reply's session lock. */
    private final class Recorder implements GapRecorder {
        private final long[] replyCounts = new long[boundsNanos.length + 1];
        private long replySumNanos;

        @Override
        public void record(long nanos) {
            int i = 0;
            while (i < boundsNanos.length && nanos > boundsNanos[i]) {
                i++;
            }
            replyCounts[i]++;
            replySumNanos += nanos;
        }

        @Override
        public void flush() {
            add(replyCounts, replySumNanos);
        }
    }
}
