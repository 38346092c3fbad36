package dev.switchboard.loadtest;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which collectors make the load generator warn that its own pauses would count as lateness. */
class OwnPausesTest {

    @Test
    void warnsAboutStopTheWorldCollectors() {
        String g1 = OwnPauses.warning(List.of("G1 Young Generation", "G1 Concurrent GC", "G1 Old Generation"))
                .orElseThrow();
        assertTrue(g1.contains("G1 Young Generation") && g1.contains("-XX:+UseZGC"), g1);
        assertTrue(OwnPauses.warning(List.of("PS Scavenge", "PS MarkSweep")).isPresent());
        assertTrue(OwnPauses.warning(List.of("Copy", "MarkSweepCompact")).isPresent());
    }

    @Test
    void staysQuietWithConcurrentCollectors() {
        assertFalse(OwnPauses.warning(List.of("ZGC Minor Cycles", "ZGC Minor Pauses", "ZGC Major Cycles",
                "ZGC Major Pauses")).isPresent());
        assertFalse(OwnPauses.warning(List.of("Shenandoah Pauses", "Shenandoah Cycles")).isPresent());
    }
}
