package dev.switchboard.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Figures go to the phase that was running when they were recorded, and counters are read at its bounds. */
@Timeout(5)
class PhaseRecorderTest {

    private static final long S = 1_000_000_000L;

    private final Stats stats = new Stats();
    private final PhaseRecorder phases = new PhaseRecorder(stats, 10, 50);

    private void token(long latenessMicros, long gapMicros) {
        Stats.record(stats.lateness, latenessMicros);
        Stats.record(stats.gap, gapMicros);
        stats.tokens.increment();
    }

    @Test
    void eachPhaseHasOnlyWhatWasRecordedWhileItRan() {
        token(900_000, 900_000); // the ramp: in no phase
        phases.accept(stats.interval());
        phases.begin(Phase.CALM, 0);
        token(1_000, 51_000);
        stats.error("rate_limited");
        phases.accept(stats.interval());
        PhaseFigures calm = phases.end(10 * S);
        phases.begin(Phase.ATTACK, 10 * S);
        token(300_000, 350_000);
        token(2_000, 52_000);
        stats.error("rate_limited");
        stats.error("busy");
        phases.deadline(20 * S);
        token(3_000, 53_000); // in the grace: a latency of the attack, not one of its tokens
        phases.openStall(4_000_000); // a reply that never got its next token
        phases.accept(stats.interval());
        PhaseFigures attack = phases.end(22 * S);

        assertEquals(1, calm.latenessSamples());
        assertEquals(51.0, calm.worstStallMs(), 0.1);
        assertEquals(1, calm.tokens());
        assertEquals(2000, calm.pacedTokens(), "10 users for 10 s at 50 ms a token");
        assertEquals(Map.of("rate_limited", 1L), calm.errors());
        assertEquals(10.0, calm.seconds(), 1e-9);

        assertEquals(3, attack.latenessSamples());
        assertEquals(300.0, attack.latenessMaxMs(), 0.5);
        assertEquals(4000.0, attack.worstStallMs(), 4, "the open stall is the worst");
        assertEquals(2, attack.tokens(), "counted to the deadline");
        assertEquals(Map.of("rate_limited", 1L, "busy", 1L), attack.errors());
        assertEquals(12.0, attack.seconds(), 1e-9);
        assertEquals(Phase.AFTER, phases.phase());
    }
}
