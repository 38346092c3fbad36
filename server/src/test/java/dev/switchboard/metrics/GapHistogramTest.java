package dev.switchboard.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.session.GapRecorder;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class GapHistogramTest {

    private final GapHistogram histogram = new GapHistogram("gap_seconds", "test",
            new Duration[] {Duration.ofMillis(1), Duration.ofMillis(50)});

    @Test
    void aGapCountsInTheFirstBucketWhoseBoundItDoesNotExceed() {
        GapRecorder reply = histogram.recorder();
        reply.record(Duration.ofMillis(1).toNanos()); // le="0.001" includes its bound
        reply.record(Duration.ofMillis(1).toNanos() + 1);
        reply.record(Duration.ofMillis(50).toNanos());
        reply.record(Duration.ofSeconds(2).toNanos()); // past the last bound: +Inf only
        reply.flush();

        HistogramSnapshot.HistogramDataPointSnapshot point = point();
        assertEquals(1, point.getClassicBuckets().getCount(0));
        assertEquals(2, point.getClassicBuckets().getCount(1));
        assertEquals(1, point.getClassicBuckets().getCount(2));
        assertEquals(4, point.getCount());
        assertEquals(2.052 + 1e-9, point.getSum(), 1e-12);
    }

    @Test
    void nothingShowsUntilAReplyFlushesAndRepliesAddUp() {
        GapRecorder first = histogram.recorder();
        GapRecorder second = histogram.recorder();
        first.record(Duration.ofMillis(20).toNanos());
        second.record(Duration.ofMillis(30).toNanos());
        assertEquals(0, point().getCount(), "a reply's gaps count when it ends");

        first.flush();
        second.flush();
        assertEquals(2, point().getClassicBuckets().getCount(1));
        assertEquals(0.05, point().getSum(), 1e-12);
    }

    private HistogramSnapshot.HistogramDataPointSnapshot point() {
        return ((HistogramSnapshot) histogram.collect()).getDataPoints().get(0);
    }
}
