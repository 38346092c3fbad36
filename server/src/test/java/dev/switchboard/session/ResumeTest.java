package dev.switchboard.session;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.switchboard.Replies;
import dev.switchboard.Switchboard;
import dev.switchboard.TestHttp;
import dev.switchboard.TestServers;
import dev.switchboard.WsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * PROTOCOL.md "Resume": {@code hello} with {@code after} replays what the client missed, with no
 * duplicate and no hole, and a reply keeps running while nobody is attached.
 */
@Timeout(30)
class ResumeTest {

    /** {@code count} distinct words, so a reordered or repeated token shows in the text. */
    private static String words(int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> "w" + i).collect(Collectors.joining(" "));
    }

    @Test
    void aConnectionDroppedMidReplyGetsTheRestOnResumeWithNoDuplicateAndNoHole() {
        Switchboard server = TestServers.start();
        try {
            WsClient first = WsClient.hello(server.port(), null);
            String session = first.sessionId();
            first.prompt("p1", words(50), "{\"delayMs\":20}");
            first.await(f -> "token".equals(f.get("type").getAsString()) && "w3 ".equals(f.get("text").getAsString()));
            first.abort();
            List<JsonObject> before = Replies.events(first.frames());
            assertTrue(first.frames("done").isEmpty(), "dropped mid-reply");
            long lastSeen = before.getLast().get("seq").getAsLong();

            try (WsClient second = WsClient.resume(server.port(), session, lastSeen)) {
                JsonObject welcome = second.welcome();
                assertFalse(welcome.get("created").getAsBoolean());
                assertFalse(welcome.has("history"), "no history when the client gave after and there is no gap");
                assertFalse(welcome.has("gap"));
                JsonObject done = second.awaitDone("p1");
                List<JsonObject> after = Replies.events(second.frames());
                assertFalse(Replies.tokens(after, done.get("gen").getAsString()).isEmpty(),
                        "the resumed connection got tokens");

                List<JsonObject> all = new ArrayList<>(before);
                all.addAll(after);
                assertContiguousFromOne(all, done);
                assertEquals(words(50), done.get("text").getAsString());
                Replies.assertWhole(all, done);
            }
        } finally {
            server.stop();
        }
    }

    @Test
    void aReplyKeepsRunningWhileNoConnectionIsAttachedAndResumeDeliversAllOfIt() {
        Switchboard server = TestServers.start();
        try {
            WsClient first = WsClient.hello(server.port(), null);
            String session = first.sessionId();
            first.prompt("p1", words(30), "{\"delayMs\":10}");
            first.awaitType("token");
            first.abort();
            List<JsonObject> before = Replies.events(first.frames());
            long lastSeen = before.getLast().get("seq").getAsLong();

            // Nobody is attached: the server's own count shows the reply finishing anyway.
            await().atMost(Duration.ofSeconds(15)).until(() -> TestHttp.ended(server.port(), "stop") == 1.0);

            try (WsClient second = WsClient.resume(server.port(), session, lastSeen)) {
                JsonObject welcome = second.welcome();
                assertFalse(welcome.has("gap"));
                assertFalse(welcome.has("generating"), "the reply has already finished");
                JsonObject done = second.awaitDone("p1");
                assertEquals(done.get("seq").getAsLong(), welcome.get("seq").getAsLong(),
                        "everything, done included, happened before the resume");
                assertEquals("stop", done.get("reason").getAsString());
                List<JsonObject> all = new ArrayList<>(before);
                all.addAll(Replies.events(second.frames()));
                assertContiguousFromOne(all, done);
                assertEquals(words(30), Replies.tokens(all, done.get("gen").getAsString()));
            }
        } finally {
            server.stop();
        }
    }

    @Test
    void resumingPastWhatTheLogHoldsGetsAGapAndTheFullHistory() {
        Switchboard server = TestServers.start(cfg -> cfg.eventLogSize(5));
        try (WsClient a = WsClient.hello(server.port(), null)) {
            a.prompt("p1", "first prompt", null);
            long lastSeen = a.awaitDone("p1").get("seq").getAsLong();
            a.prompt("p2", words(30), "{\"delayMs\":0}");
            JsonObject done2 = a.awaitDone("p2");

            try (WsClient b = WsClient.resume(server.port(), a.sessionId(), lastSeen)) {
                JsonObject welcome = b.welcome();
                assertTrue(welcome.has("gap") && welcome.get("gap").getAsBoolean(), "welcome says gap: " + welcome);
                assertFalse(welcome.get("created").getAsBoolean());
                assertEquals(done2.get("seq").getAsLong(), welcome.get("seq").getAsLong());
                assertEquals(JsonParser.parseString("[{\"role\":\"user\",\"text\":\"first prompt\"},"
                        + "{\"role\":\"assistant\",\"text\":\"first prompt\"},"
                        + "{\"role\":\"user\",\"text\":\"" + words(30) + "\"},"
                        + "{\"role\":\"assistant\",\"text\":\"" + words(30) + "\"}]"), Replies.rolesAndTexts(welcome.get("history")));

                // Then live events, numbered on from the welcome, reach the resumed connection.
                a.prompt("p3", "live again", null);
                JsonObject done3 = b.awaitDone("p3");
                List<JsonObject> events = Replies.events(b.frames());
                assertEquals(welcome.get("seq").getAsLong() + 1, events.getFirst().get("seq").getAsLong(),
                        "nothing finished is replayed after a gap: the history stands for it");
                assertContiguous(events, welcome.get("seq").getAsLong() + 1, done3.get("seq").getAsLong());
            }
        } finally {
            server.stop();
        }
    }

    @Test
    void aGapResumeReplaysEveryHeldEventOfTheRunningAndQueuedRepliesThenGoesLive() {
        Switchboard server = TestServers.start(cfg -> cfg.eventLogSize(5));
        try (WsClient a = WsClient.hello(server.port(), null)) {
            a.prompt("p1", "first prompt", null);
            long lastSeen = a.awaitDone("p1").get("seq").getAsLong();
            a.prompt("p2", words(10), "{\"delayMs\":0}"); // 13 finished events: more than the log's 5
            long p2Done = a.awaitDone("p2").get("seq").getAsLong();
            a.prompt("p3", words(120), "{\"delayMs\":15}");
            a.prompt("p4", "queued behind", null);
            a.await(f -> "token".equals(f.get("type").getAsString()) && "w3 ".equals(f.get("text").getAsString()));

            try (WsClient b = WsClient.resume(server.port(), a.sessionId(), lastSeen)) {
                JsonObject welcome = b.welcome();
                assertTrue(welcome.has("gap") && welcome.get("gap").getAsBoolean(), "welcome says gap: " + welcome);
                assertEquals(JsonParser.parseString("[{\"role\":\"user\",\"text\":\"first prompt\"},"
                        + "{\"role\":\"assistant\",\"text\":\"first prompt\"},"
                        + "{\"role\":\"user\",\"text\":\"" + words(10) + "\"},"
                        + "{\"role\":\"assistant\",\"text\":\"" + words(10) + "\"}]"),
                        Replies.rolesAndTexts(welcome.get("history")), "only finished turns are history");
                JsonObject done3 = b.awaitDone("p3");
                assertEquals(done3.get("gen").getAsString(), welcome.get("generating").getAsString());
                JsonObject done4 = b.awaitDone("p4");

                List<JsonObject> events = Replies.events(b.frames());
                JsonObject queued3 = events.getFirst();
                assertEquals("queued", queued3.get("type").getAsString());
                assertEquals("p3", queued3.get("id").getAsString(), "the replay starts with p3's first event");
                assertContiguous(events, p2Done + 1, done4.get("seq").getAsLong());
                assertEquals(words(120), Replies.tokens(events, done3.get("gen").getAsString()));
                assertEquals("stop", done4.get("reason").getAsString());
                a.awaitDone("p4"); // each connection gets its own write: b may see p4's done before a does
                assertEquals(Replies.events(a.frames()).stream()
                        .filter(f -> f.get("seq").getAsLong() > p2Done).toList(), events,
                        "the resumed connection saw exactly what the attached one saw since p3 was queued");
            }
        } finally {
            server.stop();
        }
    }

    @Test
    void anAfterBeyondTheSessionsLastSeqIsTreatedAsAGap() {
        Switchboard server = TestServers.start();
        try (WsClient a = WsClient.hello(server.port(), null)) {
            a.prompt("p1", "only this", null);
            long last = a.awaitDone("p1").get("seq").getAsLong();

            try (WsClient b = WsClient.resume(server.port(), a.sessionId(), last + 100)) {
                JsonObject welcome = b.welcome();
                assertTrue(welcome.has("gap") && welcome.get("gap").getAsBoolean(), "welcome says gap: " + welcome);
                assertEquals(last, welcome.get("seq").getAsLong());
                assertEquals(JsonParser.parseString(
                        "[{\"role\":\"user\",\"text\":\"only this\"},{\"role\":\"assistant\",\"text\":\"only this\"}]"),
                        Replies.rolesAndTexts(welcome.get("history")));
            }
        } finally {
            server.stop();
        }
    }

    /** The session events in {@code all} are exactly seq 1 to {@code done.seq}, each once, in order. */
    private static void assertContiguousFromOne(List<JsonObject> all, JsonObject done) {
        assertContiguous(all, 1, done.get("seq").getAsLong());
    }

    private static void assertContiguous(List<JsonObject> events, long from, long to) {
        assertEquals(LongStream.rangeClosed(from, to).boxed().toList(), Replies.seqs(events),
                "seq runs " + from + ".." + to + " with no duplicate and no hole");
    }
}
