package dev.switchboard.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The heap read from Prometheus text, and the summary of a run's samples. */
@Timeout(5)
class HeapMetricTest {

    /** As Micrometer's Prometheus registry writes it (from a Switchboard server's /metrics). */
    private static final String SAMPLE = """
            # HELP jvm_memory_max_bytes The maximum amount of memory in bytes that can be used for memory management
            # TYPE jvm_memory_max_bytes gauge
            jvm_memory_max_bytes{area="heap",id="G1 Old Gen"} 6.32291328E9
            # HELP jvm_memory_used_bytes The amount of used memory
            # TYPE jvm_memory_used_bytes gauge
            jvm_memory_used_bytes{area="heap",id="G1 Eden Space"} 8388608.0
            jvm_memory_used_bytes{area="heap",id="G1 Old Gen"} 3729736.0
            jvm_memory_used_bytes{area="heap",id="G1 Survivor Space"} 1094632.0
            jvm_memory_used_bytes{area="nonheap",id="Metaspace"} 1.4962272E7
            jvm_memory_used_bytes{id="ZHeap",area="heap"} 1000 1712345678901
            switchboard_sessions_active 3.0
            """;

    @Test
    void theHeapInUseIsTheSumOverTheHeapPoolsOnly() {
        assertEquals(OptionalLong.of(8388608 + 3729736 + 1094632 + 1000), HeapMetric.parse(SAMPLE));
    }

    @Test
    void aServerWithoutTheMetricGivesNothing() {
        assertEquals(OptionalLong.empty(), HeapMetric.parse("# no metrics here\nprocess_uptime_seconds 12.0\n"));
        assertEquals(OptionalLong.empty(), HeapMetric.parse(""));
    }

    @Test
    void theMetricsAreAskedOfTheWebSocketsHostAndPort() {
        assertEquals(URI.create("http://127.0.0.1:18080/metrics"), HeapSampler.metricsUri(URI.create("ws://127.0.0.1:18080/ws")));
        assertEquals(URI.create("https://example.org/metrics"), HeapSampler.metricsUri(URI.create("wss://example.org/chat/ws")));
    }

    private static HeapSampler.Sample at(long second, long mb) {
        return new HeapSampler.Sample(second * 1_000_000_000L, OptionalLong.of(mb << 20), HeapSampler.Outcome.MEASURED);
    }

    @Test
    void theSummaryTakesTheCalmMaximumAndTheLowestOfTheAttacksLastThird() {
        long s = 1_000_000_000L;
        List<HeapSampler.Sample> samples = List.of(at(0, 999), // the ramp: not counted
                at(1, 100), at(5, 150), at(9, 120), // calm, 1 s to 10 s
                at(10, 300), at(15, 900), at(16, 500), // attack, 10 s to 19 s: last third from 16 s
                at(17, 420), at(18, 460),
                new HeapSampler.Sample(18 * s + 1, OptionalLong.empty(), HeapSampler.Outcome.FAILED),
                at(25, 10)); // after the attack: not counted
        HeapSummary h = HeapSummary.of(samples, s, 10 * s, 19 * s);
        assertEquals(150L << 20, h.calmMaxBytes());
        assertEquals(900L << 20, h.attackMaxBytes());
        assertEquals(420L << 20, h.attackLastThirdMinBytes());
        assertEquals(3, h.calmSamples());
        assertEquals(5, h.attackSamples());
        assertEquals(1, h.attackFailed());
        assertEquals(true, h.failure(256L << 20).isPresent(), "420 is 270 MB above 150");
        assertEquals(false, h.failure(270L << 20).isPresent());
    }

    @Test
    void anAttackWhoseLastThirdWentUnansweredIsNotCheckedButSaysWhy() {
        long s = 1_000_000_000L;
        HeapSummary h = HeapSummary.of(List.of(at(1, 100), at(11, 300),
                new HeapSampler.Sample(17 * s, OptionalLong.empty(), HeapSampler.Outcome.FAILED)), s, 10 * s, 19 * s);
        assertEquals(false, h.failure(0).isPresent());
        assertEquals("heap: not checked, no sample in the attack phase's last third (1 questions of the attack phase"
                + " went unanswered)", h.note().orElseThrow());
    }
}
