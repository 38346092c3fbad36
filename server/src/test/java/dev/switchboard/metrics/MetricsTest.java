package dev.switchboard.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.switchboard.Switchboard;
import dev.switchboard.TestHttp;
import dev.switchboard.TestServers;
import dev.switchboard.WsClient;
import dev.switchboard.config.SwitchboardConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 5, "Metrics": after a known workload, {@code /metrics} holds the numbers that workload must
 * produce. Each test has a server of its own, so its registry starts at zero. Meters are updated on
 * server threads, some just after the frame that a client waits for has gone out, so expected
 * values are awaited rather than read once.
 */
@Timeout(60)
class MetricsTest {

    /** A pause before each token: every first token and every gap between tokens takes at least this. */
    private static final int DELAY_MS = 10;
    private static final String PACED = "{\"delayMs\":" + DELAY_MS + "}";
    /** A reply that has started and sends nothing for longer than any test runs. */
    private static final String STALLED = "{\"firstTokenDelayMs\":30000}";

    private Switchboard server;
    private final List<WsClient> clients = new ArrayList<>();

    @AfterEach
    void stop() {
        TestServers.stop(server, clients);
    }

    @Test
    void aKnownWorkloadIsCountedExactly() {
        start(cfg -> { });
        WsClient client = hello(null);
        String[] prompts = {"one", "two words", "the quick brown fox jumps", "hello there world"};
        int tokens = 0;
        for (int i = 0; i < prompts.length; i++) {
            client.prompt("p" + i, prompts[i], PACED);
            tokens += client.awaitDone("p" + i).get("tokens").getAsInt();
        }
        client.prompt("r", "x", "{\"repeat\":4,\"delayMs\":" + DELAY_MS + "}");
        tokens += client.awaitDone("r").get("tokens").getAsInt();
        assertEquals(15, tokens, "1 + 2 + 5 + 3 + 4 tokens");
        int replies = prompts.length + 1;

        awaitMetrics(Map.ofEntries(
                Map.entry(ended("stop"), (double) replies), Map.entry(ended("cancelled"), 0.0),
                Map.entry(ended("error"), 0.0), Map.entry(ended("timeout"), 0.0), Map.entry(ended("shutdown"), 0.0),
                Map.entry("switchboard_tokens_sent_total", (double) tokens),
                Map.entry("switchboard_ttft_seconds_count", (double) replies),
                Map.entry("switchboard_generation_duration_seconds_count", (double) replies),
                Map.entry("switchboard_token_gap_seconds_count", (double) (tokens - replies)),
                Map.entry(errors("bad_request"), 0.0),
                Map.entry("switchboard_slow_consumers_closed_total", 0.0),
                Map.entry("switchboard_generations_active", 0.0), Map.entry("switchboard_generations_queued", 0.0)));
        Map<String, Double> m = TestHttp.metrics(server.port()); // the workload is over: nothing changes now

        assertEquals(client.frames().size(), m.get("switchboard_frames_sent_total"),
                "every frame the server wrote reached the one client, and it got nothing else");
        assertEquals(tokens, client.frames("token").size() + m.get("switchboard_outbox_merged_total"),
                "each token event went out in a frame of its own or was merged into one");
        assertTrue(m.get("switchboard_ttft_seconds_sum") >= replies * DELAY_MS / 1000.0, "ttft sum " + m);
        // The echo's tokens are due on a millisecond grid and go out some way into their tick: the
        // gaps of a reply add up to its grid time less at most the first token's offset (< 1 ms).
        assertTrue(m.get("switchboard_token_gap_seconds_sum") >= ((tokens - replies) * DELAY_MS - replies) / 1000.0,
                "gap sum " + m);
        assertTrue(m.get("switchboard_generation_duration_seconds_sum") >= tokens * DELAY_MS / 1000.0,
                "duration sum " + m);
        assertBuckets(m, "switchboard_ttft_seconds", replies);
        assertBuckets(m, "switchboard_token_gap_seconds", tokens - replies);
        assertBuckets(m, "switchboard_generation_duration_seconds", replies);
    }

    @Test
    void errorFramesAreCountedByCode() {
        start(cfg -> cfg.maxGenerations(1).globalQueue(0).sessionQueue(1));
        WsClient client = WsClient.connect(server.port());
        clients.add(client);
        client.send("{\"type\":\"ping\"}");
        client.prompt("early", "too early", null);
        client.send("{\"type\":\"hello\"}");
        client.awaitType("welcome");
        client.send("not json");
        client.send("{\"type\":\"nope\"}");
        client.send("{\"type\":\"prompt\",\"text\":\"no id\"}");
        client.sendBinary("binary".getBytes(StandardCharsets.UTF_8));
        client.prompt("bad", "bad params", "{\"repeat\":\"x\"}");
        client.send("{\"type\":\"cancel\"}");
        client.send("{\"type\":\"cancel\",\"gen\":\"g999\"}");
        client.prompt("running", "holds the only slot", STALLED);
        client.prompt("queued", "waits in the session", STALLED);
        client.prompt("busy1", "no room", null);
        client.prompt("busy2", "no room", null);
        client.await(f -> client.frames("error").size() == 11); // all read: "running" holds the slot
        WsClient other = hello(null);
        other.prompt("overloaded", "no global queue", null);
        other.awaitType("error");

        awaitMetrics(Map.of(errors("hello_required"), 2.0, errors("bad_request"), 5.0, errors("not_found"), 2.0,
                errors("busy"), 2.0, errors("overloaded"), 1.0, errors("forbidden"), 0.0,
                errors("shutting_down"), 0.0, "switchboard_generations_active", 1.0,
                "switchboard_generations_queued", 0.0));
    }

    @Test
    void cancelledRepliesAreCountedAndOnlyStartedOnesHaveADuration() {
        start(cfg -> { });
        WsClient client = hello(null);
        client.prompt("stalled", "never gets a token", STALLED);
        client.prompt("queued", "never starts", null);
        String queuedGen = client.await(f -> "queued".equals(f.get("type").getAsString())
                && "queued".equals(f.get("id").getAsString())).get("gen").getAsString();
        client.awaitType("start");
        client.send("{\"type\":\"cancel\",\"gen\":\"" + queuedGen + "\"}");
        client.awaitDone("queued");
        client.send("{\"type\":\"cancel\"}");
        client.awaitDone("stalled");
        client.prompt("cut", "a b c d e f g h i j k l m n o p q r s t", "{\"delayMs\":50}");
        client.await(f -> client.frames("token").size() >= 3);
        client.send("{\"type\":\"cancel\"}");
        JsonObject cut = client.awaitDone("cut");
        assertEquals("cancelled", cut.get("reason").getAsString());
        double sent = cut.get("tokens").getAsInt();

        awaitMetrics(Map.of(ended("cancelled"), 3.0, ended("stop"), 0.0,
                "switchboard_generation_duration_seconds_count", 2.0,
                "switchboard_ttft_seconds_count", 1.0,
                "switchboard_token_gap_seconds_count", sent - 1,
                "switchboard_tokens_sent_total", sent,
                "switchboard_generations_active", 0.0, errors("not_found"), 0.0));
    }

    @Test
    void gaugesFollowOpenSocketsSessionsAndGenerations() {
        start(cfg -> cfg.maxGenerations(1));
        WsClient a = hello(null);
        WsClient b = hello(null);
        WsClient silent = WsClient.connect(server.port());
        clients.add(silent);
        awaitMetrics(Map.of("switchboard_connections", 3.0, "switchboard_sessions", 2.0,
                "cache_size{cache=\"sessions\"}", 2.0,
                "switchboard_generations_active", 0.0, "switchboard_generations_queued", 0.0));

        a.prompt("a", "holds the only slot", STALLED);
        a.awaitType("start");
        b.prompt("b", "waits for the slot", STALLED);
        b.awaitType("queued");
        WsClient aAgain = hello(a.sessionId());
        awaitMetrics(Map.of("switchboard_connections", 4.0, "switchboard_sessions", 2.0,
                "switchboard_generations_active", 1.0, "switchboard_generations_queued", 1.0));

        silent.close();
        aAgain.close();
        a.send("{\"type\":\"cancel\"}");
        b.awaitType("start");
        awaitMetrics(Map.of("switchboard_connections", 2.0, "switchboard_sessions", 2.0,
                "switchboard_generations_active", 1.0, "switchboard_generations_queued", 0.0));
        b.send("{\"type\":\"cancel\"}");
        awaitMetrics(Map.of("switchboard_generations_active", 0.0, "switchboard_generations_queued", 0.0));
        String scrape = TestHttp.scrape(server.port());
        assertFalse(scrape.contains(a.sessionId()) || scrape.contains(b.sessionId()), "no session id in a label");
    }

    @Test
    void tokensAreCountedForEveryConnectionTheyAreSentTo() {
        start(cfg -> { });
        WsClient first = hello(null);
        WsClient second = hello(first.sessionId());
        first.prompt("p", "three short words", null);
        first.awaitDone("p");
        second.awaitDone("p");
        awaitMetrics(Map.of("switchboard_tokens_sent_total", 6.0, ended("stop"), 1.0));
    }

    @Test
    void resumesAreCountedOkWhenWholeAndGapWhenEventsWereDropped() {
        start(cfg -> cfg.eventLogSize(5));
        WsClient client = hello(null);
        String session = client.sessionId();
        client.prompt("p1", "a b", null); // queued, start, 2 tokens, done: seq 1 to 5, all held
        client.awaitDone("p1");
        assertFalse(resume(session, 5).welcome().has("gap"));
        assertFalse(resume(session, 2).welcome().has("gap"));
        awaitMetrics(Map.of(resumes("ok"), 2.0, resumes("gap"), 0.0));

        client.prompt("p2", "c d e f", null); // seq 6 to 12; the log keeps 8 to 12
        client.awaitDone("p2");
        assertTrue(resume(session, 5).welcome().get("gap").getAsBoolean());
        WsClient lost = WsClient.connect(server.port()); // its session is gone: a fresh one, with a gap
        clients.add(lost);
        lost.send("{\"type\":\"hello\",\"after\":3}");
        assertTrue(lost.awaitType("welcome").get("gap").getAsBoolean());
        hello(session); // no after: not a resume
        awaitMetrics(Map.of(resumes("ok"), 2.0, resumes("gap"), 2.0));
    }

    @Test
    void everyMeterHasThePrometheusTypeDashboardsExpect() {
        start(cfg -> { });
        hello(null).prompt("p", "warm up", null);
        awaitMetrics(Map.of(ended("stop"), 1.0));
        Map<String, String> types = new TreeMap<>();
        TestHttp.scrape(server.port()).lines().filter(l -> l.startsWith("# TYPE "))
                .map(l -> l.substring(7).split(" ")).forEach(t -> types.put(t[0], t[1]));
        Map<String, String> expected = new TreeMap<>();
        for (String gauge : List.of("switchboard_connections", "switchboard_sessions", "switchboard_generations_active",
                "switchboard_generations_queued", "cache_size", "jvm_memory_used_bytes", "process_cpu_usage",
                "system_cpu_usage", "process_uptime_seconds", "jvm_threads_live_threads", "process_files_open_files")) {
            expected.put(gauge, "gauge");
        }
        for (String counter : List.of("switchboard_generations_total", "switchboard_tokens_sent_total",
                "switchboard_frames_sent_total", "switchboard_outbox_merged_total",
                "switchboard_slow_consumers_closed_total", "switchboard_errors_total", "switchboard_resumes_total",
                "cache_gets_total", "cache_puts_total", "cache_evictions_total", "jvm_gc_memory_allocated_bytes_total")) {
            expected.put(counter, "counter");
        }
        for (String histogram : List.of("switchboard_ttft_seconds", "switchboard_token_gap_seconds",
                "switchboard_generation_duration_seconds")) {
            expected.put(histogram, "histogram");
        }
        Map<String, String> actual = new TreeMap<>();
        expected.keySet().forEach(name -> actual.put(name, types.get(name)));
        assertEquals(expected, actual);

        Map<String, Double> m = TestHttp.metrics(server.port());
        double heap = m.entrySet().stream().filter(e -> e.getKey().startsWith("jvm_memory_used_bytes{area=\"heap\""))
                .mapToDouble(Map.Entry::getValue).sum();
        assertTrue(heap > 0, "heap in use: " + heap);
        assertTrue(m.get("process_uptime_seconds") > 0);
        assertTrue(m.get("jvm_threads_live_threads") > 0);
    }

    // ---- helpers ----

    private void start(Consumer<SwitchboardConfig.Builder> cfg) {
        server = TestServers.start(cfg);
    }

    private WsClient hello(String session) {
        WsClient client = WsClient.hello(server.port(), session);
        clients.add(client);
        return client;
    }

    private WsClient resume(String session, long after) {
        WsClient client = WsClient.resume(server.port(), session, after);
        clients.add(client);
        return client;
    }

    private static String ended(String reason) {
        return "switchboard_generations_total{reason=\"" + reason + "\"}";
    }

    private static String errors(String code) {
        return "switchboard_errors_total{code=\"" + code + "\"}";
    }

    private static String resumes(String result) {
        return "switchboard_resumes_total{result=\"" + result + "\"}";
    }

    /** Waits until one scrape shows every expected value (NaN: the series is missing). */
    private void awaitMetrics(Map<String, Double> expected) {
        Map<String, Double> want = new TreeMap<>(expected);
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).untilAsserted(() -> {
            Map<String, Double> scrape = TestHttp.metrics(server.port());
            Map<String, Double> got = new TreeMap<>();
            want.keySet().forEach(k -> got.put(k, scrape.getOrDefault(k, Double.NaN)));
            assertEquals(want, got);
        });
    }

    /**
     * Asserts a histogram Prometheus can aggregate: cumulative {@code _bucket} series with {@code le}
     * labels, the {@code +Inf} one equal to {@code _count}, and nothing below the pacing delay.
     */
    private static void assertBuckets(Map<String, Double> m, String histogram, int count) {
        String prefix = histogram + "_bucket{le=\"";
        TreeMap<Double, Double> buckets = new TreeMap<>();
        m.forEach((series, value) -> {
            if (series.startsWith(prefix)) {
                String le = series.substring(prefix.length(), series.length() - 2);
                buckets.put(le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le), value);
            }
        });
        assertTrue(buckets.size() > 10, histogram + " has buckets: " + buckets.keySet());
        assertEquals(count, buckets.get(Double.POSITIVE_INFINITY), histogram + "_bucket{le=\"+Inf\"}");
        double previous = 0;
        for (Map.Entry<Double, Double> b : buckets.entrySet()) {
            assertTrue(b.getValue() >= previous, histogram + " buckets are cumulative: " + buckets);
            previous = b.getValue();
        }
        assertEquals(0, buckets.headMap(0.9 * DELAY_MS / 1000.0).values().stream().mapToDouble(v -> v).sum(),
                histogram + ": nothing took less than the " + DELAY_MS + " ms pacing: " + buckets);
    }
}
