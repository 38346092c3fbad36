package dev.switchboard.transport;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.switchboard.Replies;
import dev.switchboard.Switchboard;
import dev.switchboard.TestServers;
import dev.switchboard.WsClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bad input of PROTOCOL.md, over a real socket: each gets its error code (or close code), the
 * message names the problem, and the connection and its session go on working untouched.
 */
@Timeout(60)
class BadInputTest {

    private static final String PING = "{\"type\":\"ping\"}";
    private static final String LONG_REPLY = "{\"firstTokenDelayMs\":60000}";
    private static Switchboard server;

    @BeforeAll
    static void startServer() {
        server = TestServers.start(cfg -> cfg.maxPromptChars(64 * 1024)); // frame limits, not prompt limits, here
    }

    @AfterAll
    static void stopServer() {
        server.stop();
    }

    static Stream<Arguments> badFrames() {
        return Stream.of(
                bad("not json", "JSON", null),
                bad("{\"type\":\"ping\"", "JSON", null),
                bad("[{\"type\":\"ping\"}]", "object", null),
                bad("42", "object", null),
                bad("\"ping\"", "object", null),
                bad("{\"id\":\"p1\",\"text\":\"x\"}", "'type'", null),
                bad("{\"type\":5}", "'type'", null),
                bad("{\"type\":\"shout\"}", "'shout'", null),
                bad("{\"type\":\"prompt\",\"text\":\"x\"}", "'id'", null),
                bad("{\"type\":\"prompt\",\"id\":7,\"text\":\"x\"}", "'id'", null),
                bad("{\"type\":\"prompt\",\"id\":\"\",\"text\":\"x\"}", "'id'", null),
                bad("{\"type\":\"prompt\",\"id\":\"" + "i".repeat(65) + "\",\"text\":\"x\"}", "'id'", null),
                bad("{\"type\":\"prompt\",\"id\":\"p1\"}", "'text'", "p1"),
                bad("{\"type\":\"prompt\",\"id\":\"p1\",\"text\":42}", "'text'", "p1"),
                bad("{\"type\":\"prompt\",\"id\":\"p1\",\"text\":\"x\",\"params\":[1]}", "'params'", "p1"),
                bad("{\"type\":\"hello\",\"session\":123}", "'session'", null),
                bad("{\"type\":\"hello\",\"after\":-1}", "'after'", null),
                bad("{\"type\":\"hello\",\"after\":1.5}", "'after'", null),
                bad("{\"type\":\"hello\",\"after\":\"3\"}", "'after'", null),
                bad("{\"type\":\"cancel\",\"gen\":false}", "'gen'", null),
                bad("{\"type\":\"history\"}", "'before'", null),
                bad("{\"type\":\"history\",\"before\":-1}", "'before'", null),
                bad("{\"type\":\"history\",\"before\":5,\"limit\":0}", "'limit'", null),
                bad("{\"type\":\"history\",\"before\":5,\"limit\":201}", "'limit'", null),
                badParams("{\"repeat\":0}", "'repeat'"),
                badParams("{\"repeat\":10001}", "'repeat'"),
                badParams("{\"repeat\":2.5}", "'repeat'"),
                badParams("{\"delayMs\":60001}", "'delayMs'"),
                badParams("{\"firstTokenDelayMs\":-1}", "'firstTokenDelayMs'"),
                badParams("{\"blocking\":\"yes\"}", "'blocking'"),
                badParams("{\"failAfter\":-1}", "'failAfter'"),
                badParams("{\"loud\":true}", "'loud'"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("badFrames")
    void aBadFrameGetsBadRequestAndTheSessionIsUntouched(String frame, String names, String id) {
        try (WsClient c = WsClient.hello(server.port(), null)) {
            c.send(frame);
            assertError(c.awaitType("error"), "bad_request", names, id);
            assertKeepsWorking(c, "alive");
            assertNothingElseBeforeTheNextPrompt(c);
        }
    }

    @Test
    void aBinaryFrameGetsBadRequestAndTheSessionIsUntouched() {
        try (WsClient c = WsClient.hello(server.port(), null)) {
            c.sendBinary("{\"type\":\"ping\"}".getBytes(StandardCharsets.UTF_8));
            assertError(c.awaitType("error"), "bad_request", "binary", null);
            assertKeepsWorking(c, "alive");
            assertNothingElseBeforeTheNextPrompt(c);
        }
    }

    @Test
    void promptCancelAndPingBeforeHelloGetHelloRequired() {
        try (WsClient c = WsClient.connect(server.port())) {
            c.prompt("early", "too soon", null);
            c.send("{\"type\":\"cancel\"}");
            c.send("{\"type\":\"cancel\",\"gen\":\"g1\"}");
            c.send(PING);
            await().atMost(Duration.ofSeconds(15)).until(() -> c.frames().size() >= 4);
            List<JsonObject> errors = c.frames();
            assertEquals(4, errors.size(), "four errors and nothing else: " + errors);
            errors.forEach(e -> assertEquals("hello_required", e.get("code").getAsString(), e.toString()));
            assertEquals("early", errors.get(0).get("id").getAsString());

            c.send("{\"type\":\"hello\"}");
            JsonObject welcome = c.awaitType("welcome");
            assertEquals(0, welcome.get("seq").getAsLong(), "the early prompt never reached a session");
            assertKeepsWorking(c, "alive");
        }
    }

    @Test
    void aPromptBeyondAFullSessionQueueGetsBusyWithItsId() {
        Switchboard small = TestServers.start(cfg -> cfg.sessionQueue(1));
        try (WsClient c = WsClient.hello(small.port(), null)) {
            c.prompt("long", "slow reply", LONG_REPLY);
            String gen = awaitFrame(c, "start", "long").get("gen").getAsString();
            c.prompt("waiting", "my turn comes", null);
            awaitFrame(c, "queued", "waiting");
            c.prompt("over", "one too many", null);
            assertError(c.awaitType("error"), "busy", "queue", "over");

            c.send("{\"type\":\"cancel\",\"gen\":\"" + gen + "\"}");
            assertEquals("cancelled", c.awaitDone("long").get("reason").getAsString());
            assertEquals("my turn comes", c.awaitDone("waiting").get("text").getAsString());
            assertKeepsWorking(c, "alive");
            assertTrue(c.frames().stream().noneMatch(f -> !"error".equals(type(f)) && f.has("id")
                    && "over".equals(f.get("id").getAsString())), "the busy prompt was not taken");
        } finally {
            small.stop();
        }
    }

    @Test
    void aPromptBeyondTheGlobalLimitsGetsOverloadedWithItsId() {
        Switchboard small = TestServers.start(cfg -> cfg.maxGenerations(1).globalQueue(0));
        try (WsClient a = WsClient.hello(small.port(), null); WsClient b = WsClient.hello(small.port(), null)) {
            a.prompt("long", "slow reply", LONG_REPLY);
            String gen = awaitFrame(a, "start", "long").get("gen").getAsString();
            b.prompt("p1", "no room", null);
            assertError(b.awaitType("error"), "overloaded", "queue", "p1");
            assertTrue(b.frames("queued").isEmpty(), "the overloaded prompt was not taken");

            a.send("{\"type\":\"cancel\",\"gen\":\"" + gen + "\"}");
            a.awaitDone("long");
            // The slot comes back when the generator's thread ends, just after done: retry until then.
            int[] attempt = {0};
            await().atMost(Duration.ofSeconds(15)).until(() -> {
                String id = "retry" + attempt[0]++;
                b.prompt(id, "room now", null);
                return "queued".equals(type(b.await(f -> f.has("id") && id.equals(f.get("id").getAsString()))));
            });
            assertEquals("room now", b.awaitDone("retry" + (attempt[0] - 1)).get("text").getAsString());
            assertKeepsWorking(b, "alive");
        } finally {
            small.stop();
        }
    }

    @Test
    void cancelOfAGenerationThisSessionHasNotGotIsNotFoundAndChangesNothing() {
        try (WsClient c = WsClient.hello(server.port(), null); WsClient other = WsClient.hello(server.port(), null)) {
            other.prompt("theirs", "not yours", LONG_REPLY);
            String theirs = awaitFrame(other, "start", "theirs").get("gen").getAsString();

            c.send("{\"type\":\"cancel\"}");
            assertError(c.awaitType("error"), "not_found", "running", null);
            cancelAndExpectNotFound(c, "no-such-gen");
            cancelAndExpectNotFound(c, theirs);
            assertKeepsWorking(c, "alive");
            cancelAndExpectNotFound(c, c.awaitDone("alive").get("gen").getAsString());

            assertTrue(other.frames("done").isEmpty(), "the other session's reply still runs");
            other.send("{\"type\":\"cancel\"}");
            assertEquals("cancelled", other.awaitDone("theirs").get("reason").getAsString());
            assertEquals(1, c.frames("done").size(), "no event reached this session: " + c.frames());
        }
    }

    @Test
    void aFrameOf200KiBClosesWith1009AndTouchesNoSession() {
        assertOversizePromptClosesWith1009("x".repeat(200 * 1024));
    }

    @Test
    void aFrameOverTheLimitInBytesThoughNotInCharactersClosesWith1009() {
        assertOversizePromptClosesWith1009("日".repeat(30 * 1024)); // 30 Ki chars, 90 KiB of UTF-8
    }

    @Test
    void aFrameJustUnderTheLimitIsServed() {
        try (WsClient c = WsClient.hello(server.port(), null)) {
            String text = "word ".repeat(12 * 1024); // 60 KiB of text, under the 64 KiB default
            c.prompt("big", text, "{\"delayMs\":0}");
            assertEquals(text, c.awaitDone("big").get("text").getAsString());
            assertFalse(c.closed().isDone());
        }
    }

    /** Sends a prompt too big to take: the server closes with 1009 and the session gets nothing. */
    private static void assertOversizePromptClosesWith1009(String text) {
        try (WsClient c = WsClient.hello(server.port(), null)) {
            String session = c.awaitType("welcome").get("session").getAsString();
            JsonObject prompt = new JsonObject();
            prompt.addProperty("type", "prompt");
            prompt.addProperty("id", "huge");
            prompt.addProperty("text", text);
            try {
                c.send(prompt.toString());
            } catch (RuntimeException e) {
                // the server may close before the whole frame is written; the close code is what counts
            }
            int code = c.closed().orTimeout(15, TimeUnit.SECONDS).join();
            assertEquals(1009, code, () -> "dropped: " + c.error());
            // Switchboard's own answer, after reading the whole message: the JDK client sends texts over
            // 16 KiB in fragments, which Tyrus once refused itself, closing TCP with fragments in flight
            assertEquals("frame larger than 65536 bytes", c.closeReason());
            try (WsClient again = WsClient.hello(server.port(), session)) {
                JsonObject welcome = again.awaitType("welcome");
                assertEquals(session, welcome.get("session").getAsString());
                assertEquals(0, welcome.get("seq").getAsLong(), "the oversize prompt was not taken");
            }
        }
    }

    /** A ping gets a pong and a prompt gets its whole reply: the connection and its session still work. */
    private static void assertKeepsWorking(WsClient c, String promptId) {
        int pongs = c.frames("pong").size();
        c.send(PING);
        await().atMost(Duration.ofSeconds(15)).until(() -> c.frames("pong").size() > pongs);
        c.prompt(promptId, "still here", null);
        JsonObject done = c.awaitDone(promptId);
        assertEquals("stop", done.get("reason").getAsString());
        assertEquals("still here", done.get("text").getAsString());
        Replies.assertWhole(c.frames(), done);
        Replies.assertSeqStrictlyIncreasing(c.frames());
    }

    /** The bad frame got one error and nothing else, and left no event in the session (seq starts at 1). */
    private static void assertNothingElseBeforeTheNextPrompt(WsClient c) {
        List<JsonObject> frames = c.frames();
        assertEquals(List.of("welcome", "error", "pong", "queued"), frames.subList(0, 4).stream()
                .map(BadInputTest::type).toList(), frames.toString());
        assertEquals(1, frames.get(3).get("seq").getAsLong(), "the bad frame made no session event");
    }

    private static void cancelAndExpectNotFound(WsClient c, String gen) {
        c.send("{\"type\":\"cancel\",\"gen\":\"" + gen + "\"}");
        JsonObject error = c.await(f -> "error".equals(type(f)) && f.has("gen") && gen.equals(f.get("gen").getAsString()));
        assertError(error, "not_found", gen, null);
    }

    private static void assertError(JsonObject error, String code, String names, String id) {
        assertEquals(code, error.get("code").getAsString(), error.toString());
        String message = error.get("message").getAsString();
        assertTrue(message.contains(names), "message '" + message + "' names " + names);
        if (id == null) {
            assertFalse(error.has("id"), error.toString());
        } else {
            assertEquals(id, error.get("id").getAsString(), error.toString());
        }
    }

    private static JsonObject awaitFrame(WsClient c, String type, String id) {
        return c.await(f -> type.equals(type(f)) && f.has("id") && id.equals(f.get("id").getAsString()));
    }

    private static String type(JsonObject frame) {
        return frame.get("type").getAsString();
    }

    private static Arguments bad(String frame, String names, String id) {
        String shown = frame.length() <= 70 ? frame : frame.substring(0, 70) + "...";
        return Arguments.of(Named.of(shown, frame), names, id);
    }

    private static Arguments badParams(String params, String names) {
        return bad("{\"type\":\"prompt\",\"id\":\"p1\",\"text\":\"x\",\"params\":" + params + "}", names, "p1");
    }
}
