package dev.switchboard.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.switchboard.Replies;
import dev.switchboard.Switchboard;
import dev.switchboard.TestServers;
import dev.switchboard.WsClient;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** PROTOCOL.md: every connection attached to a session receives the same events in the same order. */
@Timeout(30)
class MultiplayerTest {

    private Switchboard server;

    @BeforeEach
    void start() {
        server = TestServers.start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void twoConnectionsOnOneSessionSeeTheSameEventsInTheSameOrder() {
        try (WsClient a = WsClient.hello(server.port(), null);
             WsClient b = WsClient.hello(server.port(), a.sessionId())) {
            assertFalse(b.welcome().get("created").getAsBoolean(), "b joined a's session");

            a.prompt("p1", "one two three four five six", "{\"delayMs\":5}");
            JsonObject doneA = a.awaitDone("p1");
            JsonObject doneB = b.awaitDone("p1");

            assertEquals(Replies.events(a.frames()), Replies.events(b.frames()));
            assertEquals(doneA, doneB);
            assertEquals("one two three four five six", doneB.get("text").getAsString());
            JsonObject queuedAtB = b.frames("queued").getFirst();
            assertEquals("p1", queuedAtB.get("id").getAsString());
            assertEquals("one two three four five six", queuedAtB.get("text").getAsString(),
                    "the prompt text reaches the connection that did not send it");
            assertEquals(List.of("queued", "start", "token", "token", "token", "token", "token", "token", "done"),
                    Replies.events(b.frames()).stream().map(f -> f.get("type").getAsString()).toList());
            Replies.assertWhole(b.frames(), doneB);
            Replies.assertSeqStrictlyIncreasing(b.frames());
        }
    }

    @Test
    void aConnectionThatJoinsLaterGetsTheHistoryAndThenTakesPart() {
        try (WsClient a = WsClient.hello(server.port(), null)) {
            a.prompt("p1", "hello there", "{\"repeat\":2}");
            a.awaitDone("p1");
            a.prompt("p2", "second prompt", null);
            JsonObject lastDone = a.awaitDone("p2");

            try (WsClient c = WsClient.hello(server.port(), a.sessionId())) {
                JsonObject welcome = c.welcome();
                assertEquals(a.sessionId(), welcome.get("session").getAsString());
                assertFalse(welcome.get("created").getAsBoolean());
                assertEquals(lastDone.get("seq").getAsLong(), welcome.get("seq").getAsLong());
                assertEquals(JsonParser.parseString("""
                        [{"role":"user","text":"hello there"},
                         {"role":"assistant","text":"hello there hello there"},
                         {"role":"user","text":"second prompt"},
                         {"role":"assistant","text":"second prompt"}]"""), Replies.rolesAndTexts(welcome.get("history")));
                assertFalse(welcome.has("generating"));

                c.prompt("p3", "from the latecomer", null);
                JsonObject doneAtA = a.awaitDone("p3");
                JsonObject doneAtC = c.awaitDone("p3");
                assertEquals(doneAtA, doneAtC);
                assertEquals(welcome.get("seq").getAsLong() + 1,
                        Replies.events(c.frames()).getFirst().get("seq").getAsLong(),
                        "the latecomer's events continue right after its welcome.seq, replaying nothing old");
                List<JsonObject> sinceJoin = Replies.events(a.frames()).stream()
                        .filter(f -> f.get("seq").getAsLong() > welcome.get("seq").getAsLong()).toList();
                assertEquals(sinceJoin, Replies.events(c.frames()));
            }
        }
    }

    @Test
    void aPromptSentWhileAReplyIsRunningReachesEveryConnection() {
        try (WsClient a = WsClient.hello(server.port(), null);
             WsClient b = WsClient.hello(server.port(), a.sessionId())) {
            a.prompt("p1", "a b c d e f g h i j k l m n o p q r s t u v w x y z", "{\"delayMs\":35}");
            String gen1 = b.awaitType("start").get("gen").getAsString();
            b.prompt("p2", "second", null);
            a.await(f -> "queued".equals(f.get("type").getAsString()) && "p2".equals(f.get("id").getAsString()));
            a.prompt("p3", "third", null); // sent from the other connection once p2 is known to be queued

            JsonObject done3 = a.awaitDone("p3");
            b.awaitDone("p3");
            List<JsonObject> events = Replies.events(a.frames());
            assertEquals(events, Replies.events(b.frames()), "both connections saw one conversation");

            // While p1 runs, p2 is next to start (position 1) and p3 comes after it (position 2).
            JsonObject queued2 = first(events, "queued", "p2");
            JsonObject queued3 = first(events, "queued", "p3");
            assertEquals("second", queued2.get("text").getAsString());
            assertEquals(1, queued2.get("position").getAsInt());
            assertEquals(2, queued3.get("position").getAsInt());
            long done1 = first(events, "done", "p1").get("seq").getAsLong();
            assertTrue(queued3.get("seq").getAsLong() < done1, "p2 and p3 were queued while p1 ran");
            assertEquals(gen1, first(events, "done", "p1").get("gen").getAsString());

            // When p1 ends, p2 starts and p3 moves up, then runs after p2. Position updates are coalesced
            // (at most one per generation per 500 ms), so p2's short reply may end before p3 hears of
            // position 1: if it does hear, it hears 1, and without the text every connection has.
            List<JsonObject> p3After = events.stream()
                    .filter(f -> f.get("seq").getAsLong() > done1 && "p3".equals(id(f))).toList();
            if (p3After.getFirst().get("type").getAsString().equals("queued")) {
                assertEquals(1, p3After.getFirst().get("position").getAsInt());
                assertFalse(p3After.getFirst().has("text"), "a live position update leaves the text out");
            }
            assertTrue(first(events, "start", "p2").get("seq").getAsLong() > done1);
            assertTrue(first(events, "start", "p3").get("seq").getAsLong()
                    > first(events, "done", "p2").get("seq").getAsLong(), "one generation at a time");
            assertEquals("stop", done3.get("reason").getAsString());
            Replies.assertSeqStrictlyIncreasing(a.frames());
            for (JsonObject done : a.frames("done")) {
                Replies.assertWhole(a.frames(), done);
                Replies.assertWhole(b.frames(), done);
            }
        }
    }

    private static JsonObject first(List<JsonObject> events, String type, String promptId) {
        return events.stream().filter(f -> type.equals(f.get("type").getAsString()) && promptId.equals(id(f)))
                .findFirst().orElseThrow(() -> new AssertionError("no " + type + " of " + promptId + " in " + events));
    }

    /** The client prompt id an event belongs to; tokens carry none. */
    private static String id(JsonObject event) {
        return event.has("id") ? event.get("id").getAsString() : "";
    }
}
