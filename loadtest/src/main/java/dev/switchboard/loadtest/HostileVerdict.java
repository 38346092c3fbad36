package dev.switchboard.loadtest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The hostile scenario's checks beyond cross-talk and loss (which the run's own verdict counts): the
 * well-behaved users must not notice the attack much, and the server must come out of it alive and
 * with its heap back down. Each failed check is one line naming it and its figures.
 *
 * <p>Stateless.
 */
final class HostileVerdict {

    private HostileVerdict() {
    }

    /** The failed checks, none when the attack phase passed. */
    static List<String> failures(HostileConfig limits, PhaseFigures calm, PhaseFigures attack, Liveness.Outcome alive,
                                 HeapSummary heap) {
        List<String> failed = new ArrayList<>();
        double maxLateness = limits.maxLateness().toNanos() / 1e6;
        double maxStall = limits.maxStall().toNanos() / 1e6;
        double slack = limits.ttftSlack().toNanos() / 1e6;
        if (attack.latenessSamples() == 0) {
            failed.add("attack: no well-behaved user received two tokens of one reply, so no lateness was measured");
        } else if (attack.latenessP99Ms() > maxLateness) {
            failed.add(format("attack: p99 token lateness %.1f ms is over --max-lateness %.1f ms (calm: %.1f ms)",
                    attack.latenessP99Ms(), maxLateness, calm.latenessP99Ms()));
        }
        if (attack.worstStallMs() > maxStall) {
            failed.add(format("attack: worst stall %.1f ms between two tokens of one reply is over --max-stall %.1f ms"
                    + " (calm: %.1f ms)", attack.worstStallMs(), maxStall, calm.worstStallMs()));
        }
        if (attack.ttftSamples() == 0) {
            failed.add("attack: no well-behaved reply started, so no TTFT was measured");
        } else if (attack.ttftP99Ms() > calm.ttftP99Ms() + slack) {
            failed.add(format("attack: TTFT p99 %.1f ms is over the calm phase's %.1f ms + --ttft-slack %.1f ms",
                    attack.ttftP99Ms(), calm.ttftP99Ms(), slack));
        }
        if (!alive.fresh().ok()) {
            failed.add("alive: a new connection's hello: " + alive.fresh().detail());
        }
        if (!alive.resume().ok()) {
            failed.add("alive: resuming a well-behaved user's session: " + alive.resume().detail());
        }
        heap.failure(limits.maxHeapGrowthBytes()).ifPresent(failed::add);
        return failed;
    }

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
