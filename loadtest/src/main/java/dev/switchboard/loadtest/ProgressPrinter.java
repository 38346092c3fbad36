package dev.switchboard.loadtest;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Once a second: takes the interval histograms, prints a progress line and adds a timeline point.
 * A run in phases also hands each interval to a listener (which files it under the phase running) and
 * names the phase at the start of the line.
 *
 * <p>Concurrency: runs on the thread that drives the run; the only thread that takes intervals.
 */
final class ProgressPrinter {

    private final Run run;
    private final long begin;
    private final Consumer<String> out;
    private final Consumer<Timeline.Point> points;
    private final Consumer<Stats.Interval> intervals;
    private final Supplier<String> phase;
    private long lastTokens;
    private long nextTick;

    /** A printer for a run of one phase. */
    ProgressPrinter(Run run, long begin, Consumer<String> out, Consumer<Timeline.Point> points) {
        this(run, begin, out, points, i -> { }, () -> "");
    }

    /**
     * A printer for a run in phases.
     *
     * @param intervals gets every interval histogram taken, by a tick or by {@link #cut}
     * @param phase the running phase's name, printed first on each line (nothing when empty)
     */
    ProgressPrinter(Run run, long begin, Consumer<String> out, Consumer<Timeline.Point> points,
                    Consumer<Stats.Interval> intervals, Supplier<String> phase) {
        this.run = run;
        this.begin = begin;
        this.out = out;
        this.points = points;
        this.intervals = intervals;
        this.phase = phase;
        this.nextTick = begin + TimeUnit.SECONDS.toNanos(1);
    }

    /**
     * Takes the interval histograms now, without a line or a point: at a phase's bound, so that what was
     * recorded before it goes to the phase that ends and nothing after it does.
     */
    void cut() {
        intervals.accept(run.stats().interval());
    }

    /** Ticks once a second until {@code deadline} or until {@code done} says so. */
    void runUntil(long deadline, BooleanSupplier done) throws InterruptedException {
        while (System.nanoTime() < deadline && !done.getAsBoolean()) {
            long wait = Math.min(nextTick, deadline) - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(Math.min(wait, TimeUnit.MILLISECONDS.toNanos(50)));
            }
            if (System.nanoTime() >= nextTick) {
                tick();
                nextTick += TimeUnit.SECONDS.toNanos(1);
            }
        }
    }

    private void tick() {
        Stats s = run.stats();
        Stats.Interval i = s.interval();
        intervals.accept(i);
        long tokens = s.tokens.sum();
        long perSecond = tokens - lastTokens;
        lastTokens = tokens;
        int second = (int) Math.round((System.nanoTime() - begin) / 1e9);
        long errors = s.errors.values().stream().mapToLong(java.util.concurrent.atomic.LongAdder::sum).sum();
        Timeline.Point p = new Timeline.Point(second, (int) s.connected.sum(), perSecond,
                ms(i.lateness().getValueAtPercentile(50)), ms(i.lateness().getValueAtPercentile(99)),
                ms(i.ttft().getValueAtPercentile(99)), errors);
        points.accept(p);
        String name = phase.get();
        out.accept((name.isEmpty() ? "" : "phase=" + name + " ") + String.format(Locale.ROOT,
                "t=%3ds users=%d tokens/s=%d lateness p99=%.1fms (all %.1fms) ttft p99=%.1fms in-flight=%d "
                        + "errors=%d failures=%d",
                second, p.connected(), perSecond, p.latenessP99Ms(),
                ms(s.totalLateness.getValueAtPercentile(99)), p.ttftP99Ms(), run.inFlight(), errors,
                s.failures.sum()));
    }

    static double ms(long micros) {
        return micros / 1000.0;
    }
}
