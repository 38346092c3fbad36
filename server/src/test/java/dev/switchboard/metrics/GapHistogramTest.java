package dev.switchboard.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GapHistogramTest {

    private final GapHistogram histogram = new GapHistogram("gap_seconds", "test",
            new Duration[] {Duration.ofMillis(1), Duration.ofMillis(50)});

    @Test
    void aGapCountsInTheFirstBucketWhoseBoundItDoesNotExceed() {
        histogram.record(Duration.ofMillis(1).toNanos()); // le="0.001" includes its bound
        histogram.record(Duration.ofMillis(1).toNanos() + 1);
        histogram.record(Duration.ofMillis(50).toNanos());
        histogram.record(Duration.ofSeconds(2).toNanos()); // past the last bound: +Inf only

        HistogramSnapshot.HistogramDataPointSnapshot point = point();
        assertEquals(1, point.getClassicBuckets().getCount(0));
        assertEquals(2, point.getClassicBuckets().getCount(1));
        assertEquals(1, point.getClassicBuckets().getCount(2));
        assertEquals(4, point.getCount());
        assertEquals(2.052 + 1e-9, point.getSum(), 1e-12);
    }

    @Test
    void countsFromManyThreadsAddUp() throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 20; t++) { // more threads than stripes: some share one
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 10_000; i++) {
                    histogram.record(Duration.ofMillis(20).toNanos());
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(200_000, point().getClassicBuckets().getCount(1));
        assertEquals(200_000, point().getCount());
        assertEquals(200_000 * 0.02, point().getSum(), 1e-6);
    }

    private HistogramSnapshot.HistogramDataPointSnapshot point() {
        return ((HistogramSnapshot) histogram.collect()).getDataPoints().get(0);
    }
}
