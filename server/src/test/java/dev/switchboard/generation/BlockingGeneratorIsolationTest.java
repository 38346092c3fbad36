package dev.switchboard.generation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.switchboard.Replies;
import dev.switchboard.Switchboard;
import dev.switchboard.TestHttp;
import dev.switchboard.TestServers;
import dev.switchboard.WsClient;
import dev.switchboard.WsClient.Arrival;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A generator that blocks its thread (as a synchronous model loop does) must stall only its own
 * reply: each generation has a virtual thread of its own, so a thousand sleeping ones leave the
 * network threads and every other session free.
 */
@Timeout(60)
class BlockingGeneratorIsolationTest {

    private static final int CONNECTIONS = 20;
    private static final int SESSIONS_PER_CONNECTION = 50;
    private static final int BLOCKED = CONNECTIONS * SESSIONS_PER_CONNECTION;
    private static final long SLEEP_NANOS = Duration.ofSeconds(3).toNanos();
    private static final String BLOCKING = "{\"blocking\":true,\"firstTokenDelayMs\":3000}";
    private static final String TEN_TOKENS = "one two three four five six seven eight nine ten";

    private Switchboard server;
    private final List<WsClient> clients = new ArrayList<>();

    @AfterEach
    void stop() {
        TestServers.stop(server, clients);
    }

    @Test
    void aTenTokenReplyStreamsInUnderASecondWhileAThousandBlockingGeneratorsSleep() throws Exception {
        server = TestServers.start();
        WsClient timed = WsClient.hello(server.port(), null);
        clients.add(timed);
        List<WsClient> sleepers = connect(CONNECTIONS);
        long firstBlockedSent = System.nanoTime();
        startBlockedSessions(sleepers);
        Awaitility.await("all " + BLOCKED + " blocking generations running").atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> TestHttp.metric(server.port(), "switchboard_generations_active") >= BLOCKED
                        && sleepers.stream().mapToInt(c -> c.frames("start").size()).sum() == BLOCKED);

        long sent = System.nanoTime();
        timed.prompt("fast", TEN_TOKENS, "{\"delayMs\":10}");
        JsonObject done = timed.awaitDone("fast", Duration.ofSeconds(10));

        List<Arrival> arrivals = timed.arrivals();
        long doneAt = arrivalOf(arrivals, done);
        assertTrue(doneAt < firstBlockedSent + SLEEP_NANOS,
                "the reply must finish while every blocking generation still sleeps; setup took too long");
        assertTrue(doneAt - sent < Duration.ofSeconds(1).toNanos(),
                "reply took " + Duration.ofNanos(doneAt - sent).toMillis() + " ms");
        assertEquals(TEN_TOKENS, done.get("text").getAsString());
        assertEquals("stop", done.get("reason").getAsString());
        Replies.assertWhole(timed.frames(), done);

        List<Arrival> tokens = arrivals.stream().filter(a -> a.type().equals("token")).toList();
        assertTrue(tokens.size() > 1, "tokens arrive one by one, not in one lump: " + tokens.size() + " frames");
        long firstTokenLead = doneAt - tokens.get(0).nanos();
        assertTrue(firstTokenLead > Duration.ofMillis(50).toNanos(),
                "the first token arrives well before done, not batched: lead "
                        + Duration.ofNanos(firstTokenLead).toMillis() + " ms");
    }

    /** Opens {@code n} connections at once, before the clock starts. */
    private List<WsClient> connect(int n) throws Exception {
        List<Future<WsClient>> opening = new ArrayList<>();
        try (ExecutorService users = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < n; c++) {
                opening.add(users.submit(() -> WsClient.connect(server.port())));
            }
        }
        List<WsClient> connected = new ArrayList<>();
        for (Future<WsClient> f : opening) {
            connected.add(f.get());
        }
        clients.addAll(connected);
        return connected;
    }

    /**
     * Makes {@link #SESSIONS_PER_CONNECTION} sessions in turn on each connection, all connections at
     * once (a later hello moves a connection on; the old session's generation keeps running), and
     * starts a blocking prompt in each.
     */
    private static void startBlockedSessions(List<WsClient> connections) throws Exception {
        List<Future<?>> sending = new ArrayList<>();
        try (ExecutorService users = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < connections.size(); c++) {
                WsClient client = connections.get(c);
                String prefix = "c" + c + "s";
                sending.add(users.submit(() -> {
                    for (int s = 0; s < SESSIONS_PER_CONNECTION; s++) {
                        client.send("{\"type\":\"hello\"}");
                        client.prompt(prefix + s, "asleep", BLOCKING);
                    }
                }));
            }
        }
        for (Future<?> f : sending) {
            f.get(); // rethrows a failed send
        }
    }

    private static long arrivalOf(List<Arrival> arrivals, JsonObject frame) {
        return arrivals.stream().filter(a -> a.frame() == frame).findFirst().orElseThrow().nanos();
    }
}
