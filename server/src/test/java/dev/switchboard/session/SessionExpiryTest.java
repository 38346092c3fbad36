package dev.switchboard.session;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.switchboard.ManualClock;
import dev.switchboard.Switchboard;
import dev.switchboard.TestHttp;
import dev.switchboard.TestServers;
import dev.switchboard.WsClient;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * PROTOCOL.md: sessions expire after an idle TTL with no attached connection and no work. The clock
 * of expiry is a {@link ManualClock}, moved by hand.
 *
 * <p>A connection leaves a session here by saying {@code hello} to a new one rather than by closing:
 * the server detaches it (and re-computes the old session's expiry) before it answers the second
 * {@code welcome}, so the test knows the detach is done before it moves the clock.
 */
@Timeout(30)
class SessionExpiryTest {

    private static final Duration TTL = Duration.ofMinutes(10);
    private static final Duration FOREVER = TTL.multipliedBy(1000);

    private final ManualClock clock = new ManualClock();
    private Switchboard server;

    @BeforeEach
    void start() {
        // every other deadline reads the same clock: push them past the jumps of this test
        Duration never = FOREVER.multipliedBy(10);
        server = TestServers.start(cfg -> cfg.sessionTtl(TTL).ticker(clock).generationTimeout(never)
                .tokenTimeout(never).pingInterval(never).helloTimeout(never));
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void aSessionWithNoConnectionAndNoWorkExpiresOnceTheTtlHasPassed() {
        String id;
        try (WsClient a = WsClient.hello(server.port(), null)) {
            id = a.sessionId();
            a.prompt("p1", "a conversation", null);
            a.awaitDone("p1");
            leave(a);
        }
        advance(TTL.minusSeconds(1));
        assertStillThere(id);

        advance(TTL.plusSeconds(1));
        assertExpired(id);
    }

    @Test
    void aSessionThatNeverGotAPromptExpiresAfterTheEmptySessionTtl() {
        String id;
        try (WsClient a = WsClient.hello(server.port(), null)) {
            id = a.sessionId();
            leave(a);
        }
        advance(Duration.ofSeconds(61)); // the default empty-session TTL is a minute; the session TTL ten
        assertExpired(id);
    }

    @Test
    void aSessionWithAnAttachedConnectionDoesNotExpire() {
        try (WsClient a = WsClient.hello(server.port(), null)) {
            String id = a.sessionId();
            advance(FOREVER);
            assertStillThere(id);
            a.prompt("p1", "still here", null);
            assertEquals("still here", a.awaitDone("p1").get("text").getAsString());

            leave(a);
            advance(TTL.plusSeconds(1));
            assertExpired(id);
        }
    }

    @Test
    void aSessionWithARunningReplyDoesNotExpireAndExpiresAfterTheReplyEnds() {
        try (WsClient a = WsClient.hello(server.port(), null)) {
            String id = a.sessionId();
            a.prompt("p1", "slow", "{\"firstTokenDelayMs\":1500}");
            String gen = a.awaitType("start").get("gen").getAsString();
            leave(a);

            advance(FOREVER);
            JsonObject welcome = assertStillThere(id);
            assertEquals(gen, welcome.get("generating").getAsString(), "the reply is still running");

            // It finishes with nobody attached: the session's expiry is re-computed as the reply ends, before
            // the generation gives its slot back (the active-generations gauge). No probe in between, so
            // nothing but the reply's end can have started the TTL.
            await().atMost(Duration.ofSeconds(15)).until(() -> TestHttp.ended(server.port(), "stop") == 1.0
                    && TestHttp.metric(server.port(), "switchboard_generations_active") == 0.0);
            advance(TTL.plusSeconds(1));
            assertExpired(id);
        }
    }

    private void advance(Duration by) {
        clock.advance(by);
    }

    /** Attaches a new connection to {@code id}, then moves it away again; returns its welcome. */
    private JsonObject probe(String id) {
        try (WsClient probe = WsClient.connect(server.port())) {
            JsonObject welcome = hello(probe, id);
            leave(probe);
            return welcome;
        }
    }

    private JsonObject assertStillThere(String id) {
        JsonObject welcome = probe(id);
        assertFalse(welcome.get("created").getAsBoolean(), "session " + id + " is still held: " + welcome);
        assertEquals(id, welcome.get("session").getAsString());
        return welcome;
    }

    private void assertExpired(String id) {
        JsonObject welcome = probe(id);
        assertTrue(welcome.get("created").getAsBoolean(), "session " + id + " has expired: " + welcome);
        assertNotEquals(id, welcome.get("session").getAsString(), "an expired id is not brought back");
    }

    /** Says hello to {@code id} on {@code client} and returns the welcome that answers it. */
    private static JsonObject hello(WsClient client, String id) {
        int before = client.frames("welcome").size();
        client.send("{\"type\":\"hello\",\"session\":\"" + id + "\"}");
        client.await(f -> client.frames("welcome").size() > before);
        return client.frames("welcome").get(before);
    }

    /** Moves {@code client} to a new session; the old one has no connection from it once this returns. */
    private static void leave(WsClient client) {
        int before = client.frames("welcome").size();
        client.send("{\"type\":\"hello\"}");
        client.await(f -> client.frames("welcome").size() > before);
    }
}
