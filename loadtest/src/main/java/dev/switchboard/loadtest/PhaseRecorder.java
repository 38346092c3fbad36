package dev.switchboard.loadtest;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * Splits the users' figures into phases. The interval histograms the progress printer takes (every
 * second, and at each bound: {@link ProgressPrinter#cut}) go to the phase running when they were
 * taken; the counters are read at the bounds. What happens outside a measured phase (the ramp, the
 * checks after) is in the run's totals only.
 *
 * <p>Concurrency: used by the thread that drives the run only, which is also the one that takes the
 * intervals; the counters it reads are adders.
 */
final class PhaseRecorder implements Consumer<Stats.Interval> {

    private final Stats stats;
    private final int users;
    private final int pacingMs;
    private Phase phase = Phase.RAMP;
    private Histogram ttft;
    private Histogram lateness;
    private Histogram gap;
    private long beginNanos;
    private long tokensAtBegin;
    private long tokensAtDeadline = -1;
    private long deadlineNanos;
    private long repliesAtBegin;
    private long reconnectsAtBegin;
    private Map<String, Long> errorsAtBegin = Map.of();
    private long openStallMicros;

    /**
     * @param users the well-behaved users
     * @param pacingMs the pause per token they ask for, for the paced tokens (0: unpaced)
     */
    PhaseRecorder(Stats stats, int users, int pacingMs) {
        this.stats = stats;
        this.users = users;
        this.pacingMs = pacingMs;
    }

    /** The running phase. */
    Phase phase() {
        return phase;
    }

    @Override
    public void accept(Stats.Interval i) {
        if (ttft != null) {
            ttft.add(i.ttft());
            lateness.add(i.lateness());
            gap.add(i.gap());
        }
    }

    /** Starts measuring {@code next} at {@code now} (call {@link ProgressPrinter#cut} just before). */
    void begin(Phase next, long now) {
        phase = next;
        ttft = new Histogram(Stats.MAX_MICROS, 3);
        lateness = new Histogram(Stats.MAX_MICROS, 3);
        gap = new Histogram(Stats.MAX_MICROS, 3);
        beginNanos = now;
        tokensAtBegin = stats.tokens.sum();
        tokensAtDeadline = -1;
        repliesAtBegin = stats.replies.sum();
        reconnectsAtBegin = stats.reconnects.sum();
        errorsAtBegin = errorsNow();
        openStallMicros = 0;
    }

    /**
     * The phase's duration is over at {@code now}: the tokens it delivered are counted up to here, though
     * its latencies go on until {@link #end} (the attack phase's replies in flight).
     */
    void deadline(long now) {
        tokensAtDeadline = stats.tokens.sum();
        deadlineNanos = now;
    }

    /** A user's reply was still waiting for its next token after {@code micros} when the phase ended. */
    void openStall(long micros) {
        openStallMicros = Math.max(openStallMicros, micros);
    }

    /** Ends the phase at {@code now} (call {@link ProgressPrinter#cut} just before) and gives its figures. */
    PhaseFigures end(long now) {
        if (tokensAtDeadline < 0) {
            deadline(now);
        }
        double promptedSeconds = (deadlineNanos - beginNanos) / 1e9;
        long paced = pacingMs > 0 ? (long) (users * promptedSeconds * 1000.0 / pacingMs) : 0;
        Map<String, Long> errors = new HashMap<>();
        errorsNow().forEach((code, n) -> {
            long d = n - errorsAtBegin.getOrDefault(code, 0L);
            if (d > 0) {
                errors.put(code, d);
            }
        });
        PhaseFigures f = new PhaseFigures((now - beginNanos) / 1e9, lateness.getTotalCount(), ms(lateness, 50),
                ms(lateness, 99), ProgressPrinter.ms(lateness.getMaxValue()), ttft.getTotalCount(), ms(ttft, 50),
                ms(ttft, 99), ProgressPrinter.ms(Math.max(gap.getMaxValue(), openStallMicros)),
                tokensAtDeadline - tokensAtBegin, paced, stats.replies.sum() - repliesAtBegin,
                stats.reconnects.sum() - reconnectsAtBegin, errors);
        phase = Phase.AFTER;
        ttft = null;
        lateness = null;
        gap = null;
        return f;
    }

    private Map<String, Long> errorsNow() {
        Map<String, Long> now = new HashMap<>();
        for (Map.Entry<String, LongAdder> e : stats.errors.entrySet()) {
            now.put(e.getKey(), e.getValue().sum());
        }
        return now;
    }

    private static double ms(Histogram h, double percentile) {
        return ProgressPrinter.ms(h.getValueAtPercentile(percentile));
    }
}
