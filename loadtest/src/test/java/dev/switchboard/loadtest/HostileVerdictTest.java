package dev.switchboard.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The hostile checks on hand-made figures: each limit fails alone, and a quiet attack passes. */
@Timeout(5)
class HostileVerdictTest {

    private static final long MB = 1 << 20;
    private static final HostileConfig LIMITS = new HostileConfig(20, InetAddress.getLoopbackAddress(),
            Duration.ofMillis(50), Duration.ofMillis(250), Duration.ofMillis(100), 256 * MB);
    private static final Liveness.Outcome ALIVE = new Liveness.Outcome(new Liveness.Probe(true, "welcome", 3),
            new Liveness.Probe(true, "welcome", 2));
    private static final HeapSummary HEAP = new HeapSummary(true, 100 * MB, 400 * MB, 200 * MB, 20, 20, 0, 0);

    private static PhaseFigures phase(double latenessP99, double stall, double ttftP99) {
        return new PhaseFigures(20, 10_000, 1, latenessP99, latenessP99 * 2, 400, 55, ttftP99, stall, 16_000, 16_000,
                400, 0, Map.of());
    }

    private static final PhaseFigures CALM = phase(8, 90, 70);

    private static List<String> failures(PhaseFigures attack, Liveness.Outcome alive, HeapSummary heap) {
        return HostileVerdict.failures(LIMITS, CALM, attack, alive, heap);
    }

    @Test
    void anAttackThatTheUsersHardlyNoticePasses() {
        assertEquals(List.of(), failures(phase(49.9, 250, 170), ALIVE, HEAP));
    }

    @Test
    void aP99LatenessOverTheLimitFailsAndSaysByHowMuch() {
        List<String> f = failures(phase(812, 200, 100), ALIVE, HEAP);
        assertEquals(1, f.size(), f.toString());
        assertTrue(f.get(0).contains("p99 token lateness 812.0 ms") && f.get(0).contains("--max-lateness 50.0 ms"), f.get(0));
    }

    @Test
    void aStallOverTheLimitFailsEvenWhenThePercentilesAreFine() {
        List<String> f = failures(phase(10, 5_230, 100), ALIVE, HEAP);
        assertEquals(1, f.size(), f.toString());
        assertTrue(f.get(0).contains("worst stall 5230.0 ms"), f.get(0));
    }

    @Test
    void aTtftOverTheCalmOnePlusTheSlackFails() {
        assertEquals(List.of(), failures(phase(10, 100, 170), ALIVE, HEAP));
        List<String> f = failures(phase(10, 100, 170.1), ALIVE, HEAP);
        assertEquals(1, f.size(), f.toString());
        assertTrue(f.get(0).contains("TTFT p99 170.1 ms") && f.get(0).contains("calm phase's 70.0 ms"), f.get(0));
    }

    @Test
    void anAttackPhaseWithoutAnyMeasuredTokenFailsRatherThanPassingOnZeros() {
        PhaseFigures nothing = new PhaseFigures(20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 16_000, 0, 0, Map.of());
        List<String> f = failures(nothing, ALIVE, HEAP);
        assertEquals(2, f.size(), f.toString());
        assertTrue(f.get(0).contains("no lateness was measured"), f.get(0));
        assertTrue(f.get(1).contains("no TTFT was measured"), f.get(1));
    }

    @Test
    void aServerThatDoesNotWelcomeAfterTheAttackFailsOncePerProbe() {
        Liveness.Outcome dead = new Liveness.Outcome(new Liveness.Probe(false, "no answer within 5000 ms", 5000),
                new Liveness.Probe(false, "connection failed: ConnectException", 1));
        List<String> f = failures(phase(10, 100, 100), dead, HEAP);
        assertEquals(List.of("alive: a new connection's hello: no answer within 5000 ms",
                "alive: resuming a well-behaved user's session: connection failed: ConnectException"), f);
    }

    @Test
    void aHeapThatStaysHighAfterTheAttackFailsAndOneThatComesDownPasses() {
        HeapSummary high = new HeapSummary(true, 100 * MB, 900 * MB, 357 * MB, 20, 20, 0, 0);
        List<String> f = failures(phase(10, 100, 100), ALIVE, high);
        assertEquals(1, f.size(), f.toString());
        assertTrue(f.get(0).startsWith("heap: ") && f.get(0).contains("257.0 MB above"), f.get(0));
        HeapSummary justUnder = new HeapSummary(true, 100 * MB, 900 * MB, 356 * MB, 20, 20, 0, 0);
        assertEquals(List.of(), failures(phase(10, 100, 100), ALIVE, justUnder));
    }

    @Test
    void aServerThatDoesNotExposeItsHeapIsNotJudgedOnIt() {
        HeapSummary none = new HeapSummary(false, -1, -1, -1, 0, 0, 0, 0);
        assertEquals(List.of(), failures(phase(10, 100, 100), ALIVE, none));
        assertEquals("heap: not exposed", none.note().orElseThrow());
    }
}
