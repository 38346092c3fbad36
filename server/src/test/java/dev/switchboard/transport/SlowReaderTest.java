package dev.switchboard.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.switchboard.Replies;
import dev.switchboard.Switchboard;
import dev.switchboard.TestHttp;
import dev.switchboard.TestServers;
import dev.switchboard.WsClient;
import dev.switchboard.WsClient.Arrival;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A client that stops reading in the middle of a long reply must cost the server only a bounded
 * amount, must not slow anyone else down, must be closed, and must be able to pick the reply up
 * again with {@code after}.
 *
 * <p>The reply is 10,000 tokens of 400 characters, each {@code é} two bytes in UTF-8: about 8.5 MB on
 * the wire. It has to be that big: loopback socket buffers take about 4 MB, and a reply of short
 * words (600 KB) would vanish into them, so the server would never see the reader fall behind.
 */
@Timeout(90)
class SlowReaderTest {

    private static final String WORD = "é".repeat(399);
    private static final int TOKENS = 10_000;
    private static final String BIG = "{\"repeat\":" + TOKENS + ",\"delayMs\":0}";
    private static final String TWENTY = "a1 b2 c3 d4 e5 f6 g7 h8 i9 j10 k11 l12 m13 n14 o15 p16 q17 r18 s19 t20";
    private static final int IN_FLIGHT = 8;
    /**
     * The session itself keeps this 4 MB reply (resume log, history, the done frame): about 21 MB
     * measured. An outbox that handed every frame to Tyrus measured 45 MB.
     */
    private static final long MAX_HEAP_GROWTH = 32L * 1024 * 1024;

    private Switchboard server;
    private final List<WsClient> clients = new ArrayList<>();

    @AfterEach
    void stop() {
        TestServers.stop(server, clients);
    }

    @Test
    void aStalledReaderIsClosedWithoutHurtingOthersAndResumesTheWholeReply() throws Exception {
        server = TestServers.start(cfg -> cfg.slowConsumerTimeout(Duration.ofSeconds(2)).outboxInFlight(IN_FLIGHT)
                .eventLogSize(2 * TOKENS).eventLogMaxBytes(64L << 20)); // keep the whole finished reply: no gap
        WsClient slow = open();
        String session = slow.sessionId();
        WsClient other = open();
        long heapBefore = heapUsedAfterGc();

        slow.prompt("big", WORD, BIG);
        slow.awaitType("token");
        slow.pause();
        Awaitility.await("the outbox holds frames back for the stalled reader").atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(10))
                .until(() -> TestHttp.metric(server.port(), "switchboard_outbox_merged_total") > 0);

        assertOthersFlowOnTime(other);
        assertEquals(0, TestHttp.metric(server.port(), "switchboard_slow_consumers_closed_total"),
                "the other reply ran while the slow reader was still stalled, not after it was closed");

        Awaitility.await("the whole reply is generated").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> TestHttp.ended(server.port(), "stop") == 2);
        long growth = heapUsedAfterGc() - heapBefore;
        assertTrue(growth < MAX_HEAP_GROWTH, "heap grew " + growth / 1024 / 1024 + " MB while stalled");

        Awaitility.await("the server closes the stalled connection").atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> TestHttp.metric(server.port(), "switchboard_slow_consumers_closed_total") == 1
                        && TestHttp.metric(server.port(), "switchboard_connections") == 1);
        slow.resume(); // read what the socket still holds, then see the close
        int code = slow.closed().get(20, TimeUnit.SECONDS);
        assertTrue(code == 1008 || code == 1006, "closed with " + code);
        double handedToSockets = TestHttp.metric(server.port(), "switchboard_frames_sent_total");
        assertTrue(handedToSockets - other.frames().size() - slow.frames().size() <= IN_FLIGHT,
                "every frame handed to the stalled socket but " + IN_FLIGHT + " in flight had left the process: "
                        + handedToSockets + " handed over, " + slow.frames().size() + " read");

        assertResumesWhole(slow.frames(), session);
    }

    /** A 20-token reply at 10 ms per token on another session arrives on time, token by token. */
    private static void assertOthersFlowOnTime(WsClient other) {
        long sent = System.nanoTime();
        other.prompt("small", TWENTY, "{\"delayMs\":10}");
        JsonObject done = other.awaitDone("small", Duration.ofSeconds(10));
        assertEquals(TWENTY, done.get("text").getAsString());
        Replies.assertWhole(other.frames(), done);
        List<Arrival> arrivals = other.arrivals();
        long doneAt = arrivals.stream().filter(a -> a.frame() == done).findFirst().orElseThrow().nanos();
        assertTrue(doneAt - sent < Duration.ofSeconds(1).toNanos(),
                "20 tokens at 10 ms took " + Duration.ofNanos(doneAt - sent).toMillis() + " ms");
        Replies.assertTokenGapsUnder(other, done, Duration.ofMillis(250));
    }

    /** A new connection resumes after the last seq the slow reader saw and gets the rest, exactly. */
    private void assertResumesWhole(List<JsonObject> seen, String session) {
        long last = Replies.seqs(seen).getLast();
        WsClient again = WsClient.resume(server.port(), session, last);
        clients.add(again);
        JsonObject done = again.awaitDone("big", Duration.ofSeconds(30));
        JsonObject welcome = again.welcome();
        assertTrue(!welcome.has("gap") || !welcome.get("gap").getAsBoolean(), "no gap: " + welcome);
        assertEquals(String.join(" ", Collections.nCopies(TOKENS, WORD)), done.get("text").getAsString());

        List<JsonObject> all = new ArrayList<>(seen);
        all.addAll(Replies.events(again.frames()));
        Replies.assertSeqStrictlyIncreasing(all);
        Replies.assertWhole(all, done);
    }

    private WsClient open() {
        WsClient client = WsClient.hello(server.port(), null);
        clients.add(client);
        return client;
    }

    private static long heapUsedAfterGc() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
