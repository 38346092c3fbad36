package dev.switchboard.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.switchboard.ManualClock;
import dev.switchboard.Switchboard;
import dev.switchboard.TestServers;
import dev.switchboard.WsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Sessions cannot be exhausted: creating them is rate-limited, a session that never got a prompt
 * does not count toward {@code max-sessions} and expires within a minute, and the limit is applied at
 * {@code hello}, so resuming a session that exists is never refused for a full table.
 */
@Timeout(60)
class SessionFloodTest {

    private final ManualClock clock = new ManualClock();
    private final List<WsClient> clients = new ArrayList<>();
    private Switchboard server;

    @AfterEach
    void stop() {
        clients.forEach(WsClient::close);
        if (server != null) {
            server.stop();
        }
    }

    private WsClient hello(String session) {
        WsClient c = WsClient.hello(server.port(), session);
        clients.add(c);
        return c;
    }

    /**
     * What was seen: with max-sessions 500, one connection sent 700 hellos, and from then on every
     * new connection was closed with 1013 at connect, even one resuming a session that still existed.
     */
    @Test
    void aHelloFloodLocksOutNeitherANewUserNorAResume() {
        server = TestServers.start(cfg -> cfg.maxSessions(50).sessionRate(1, 10)); // the defaults
        WsClient victim = hello(null);
        String conversation = victim.sessionId();
        victim.prompt("p1", "worth keeping", null);
        victim.awaitDone("p1");
        victim.close();

        WsClient flooder = hello(null);
        for (int i = 0; i < 70; i++) {
            flooder.send("{\"type\":\"hello\"}");
        }
        flooder.await(f -> "error".equals(type(f)) && "rate_limited".equals(f.get("code").getAsString()));
        flooder.roundTrip();
        assertFalse(flooder.closed().isDone(), "a flood is refused frame by frame, not by closing");

        WsClient newcomer = hello(null);
        assertTrue(newcomer.welcome().get("created").getAsBoolean());
        newcomer.prompt("n1", "I got in", null);
        assertEquals("I got in", newcomer.awaitDone("n1").get("text").getAsString());
        WsClient back = hello(conversation);
        assertFalse(back.welcome().get("created").getAsBoolean(), "the conversation was resumed: " + back.welcome());
    }

    @Test
    void newSessionsBeyondTheBurstAreRateLimitedAndTheConnectionStaysWhereItWas() {
        server = TestServers.start(cfg -> cfg.sessionRate(0.001, 3));
        WsClient c = hello(null); // the first of three
        c.send("{\"type\":\"hello\"}");
        c.send("{\"type\":\"hello\"}");
        c.send("{\"type\":\"hello\"}"); // the fourth: over the burst
        JsonObject error = c.await(f -> "error".equals(type(f)));
        assertEquals("rate_limited", error.get("code").getAsString());
        assertTrue(error.get("message").getAsString().contains("new sessions"), error.toString());
        String third = c.frames("welcome").getLast().get("session").getAsString();
        c.prompt("p", "still attached", null);
        JsonObject done = c.awaitDone("p");
        assertEquals(3, c.frames("welcome").size());
        assertEquals("still attached", done.get("text").getAsString());
        assertEquals(third, c.frames("welcome").getLast().get("session").getAsString());
        // resuming a session that exists is not a new session
        c.send("{\"type\":\"hello\",\"session\":\"" + c.sessionId() + "\"}");
        c.await(f -> c.frames("welcome").size() == 4);
    }

    @Test
    void newSessionsFromOneAddressBeyondItsBurstAreRateLimitedAcrossConnections() {
        server = TestServers.start(cfg -> cfg.addressSessionRate(0.001, 4).limitLoopback(true));
        for (int i = 0; i < 4; i++) {
            hello(null);
        }
        WsClient fifth = WsClient.connect(server.port());
        clients.add(fifth);
        fifth.send("{\"type\":\"hello\"}");
        assertEquals("rate_limited", fifth.awaitType("error").get("code").getAsString());
    }

    @Test
    void aSessionThatNeverGotAPromptDoesNotCountTowardTheLimitAndExpiresWithinAMinute() {
        server = TestServers.start(cfg -> cfg.maxSessions(3).ticker(clock).pingInterval(Duration.ofHours(10))
                .helloTimeout(Duration.ofHours(10)));
        WsClient a = hello(null);
        String empty = a.sessionId();
        for (int i = 2; i <= 5; i++) { // moves on to more empty sessions: the first one is idle from now
            a.send("{\"type\":\"hello\"}");
            int n = i;
            a.await(f -> a.frames("welcome").size() == n);
        }
        WsClient b = hello(null); // five empty sessions, and a table of three still takes conversations
        b.prompt("p", "a conversation", null);
        b.awaitDone("p");

        clock.advance(Duration.ofSeconds(61));
        WsClient probe = hello(empty);
        assertTrue(probe.welcome().get("created").getAsBoolean(), "the empty session expired: " + probe.welcome());
    }

    @Test
    void withEveryConversationSlotTakenANewSessionIsOverloadedButAResumeIsNot() throws Exception {
        server = TestServers.start(cfg -> cfg.maxSessions(1));
        WsClient first = hello(null);
        first.prompt("p", "the one conversation", null);
        first.awaitDone("p");
        WsClient late = WsClient.connect(server.port()); // connecting is not refused...
        clients.add(late);
        late.send("{\"type\":\"hello\"}"); // ...a new session is
        assertEquals("overloaded", late.awaitType("error").get("code").getAsString());
        assertEquals(1013, late.closed().get(10, java.util.concurrent.TimeUnit.SECONDS));
        WsClient again = hello(first.sessionId());
        assertFalse(again.welcome().get("created").getAsBoolean());
        again.prompt("p2", "resumed and served", null);
        assertEquals("resumed and served", again.awaitDone("p2").get("text").getAsString());
    }

    private static String type(JsonObject f) {
        return f.get("type").getAsString();
    }
}
