package dev.switchboard.loadtest;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The figures of a run. Latencies go into HdrHistogram {@link Recorder}s (in microseconds), which
 * many threads may record into while the progress printer takes interval snapshots.
 *
 * <p>Concurrency: recorders and adders are thread-safe; {@code total*} histograms are touched only by
 * the one thread that calls {@link #interval()}.
 */
final class Stats {

    static final long MAX_MICROS = 3_600_000_000L;

    final Recorder connect = new Recorder(MAX_MICROS, 3);
    final Recorder ttft = new Recorder(MAX_MICROS, 3);
    final Recorder lateness = new Recorder(MAX_MICROS, 3);
    final Recorder duration = new Recorder(MAX_MICROS, 3);
    /**
     * The gap between two consecutive tokens of one reply, as received (lateness is this minus the pacing):
     * its maximum is the worst stall a user saw. Only the hostile scenario reports it.
     */
    final Recorder gap = new Recorder(MAX_MICROS, 3);

    final Histogram totalConnect = new Histogram(MAX_MICROS, 3);
    final Histogram totalTtft = new Histogram(MAX_MICROS, 3);
    final Histogram totalLateness = new Histogram(MAX_MICROS, 3);
    final Histogram totalDuration = new Histogram(MAX_MICROS, 3);

    final LongAdder tokens = new LongAdder();
    final LongAdder frames = new LongAdder();
    final LongAdder replies = new LongAdder();
    final LongAdder prompts = new LongAdder();
    final LongAdder reconnects = new LongAdder();
    final LongAdder slowClosed = new LongAdder();
    final LongAdder connected = new LongAdder();
    final LongAdder failures = new LongAdder();
    final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    final Map<String, LongAdder> reasons = new ConcurrentHashMap<>();

    void error(String code) {
        errors.computeIfAbsent(code, c -> new LongAdder()).increment();
    }

    void reason(String reason) {
        reasons.computeIfAbsent(reason, r -> new LongAdder()).increment();
    }

    static void record(Recorder recorder, long micros) {
        recorder.recordValue(Math.max(0, Math.min(micros, MAX_MICROS)));
    }

    /** The histograms since the last call, also added to the totals. */
    Interval interval() {
        Interval i = new Interval(connect.getIntervalHistogram(), ttft.getIntervalHistogram(),
                lateness.getIntervalHistogram(), duration.getIntervalHistogram(), gap.getIntervalHistogram());
        totalConnect.add(i.connect());
        totalTtft.add(i.ttft());
        totalLateness.add(i.lateness());
        totalDuration.add(i.duration());
        return i;
    }

    record Interval(Histogram connect, Histogram ttft, Histogram lateness, Histogram duration, Histogram gap) {
    }
}
