package dev.switchboard.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.switchboard.Switchboard;
import dev.switchboard.TestServers;
import dev.switchboard.WsClient;
import dev.switchboard.config.SwitchboardConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * PROTOCOL.md, Version 1.1, "Turn ids and history pages", and "Sessions and prompts": a session's
 * history is bounded; every turn carries {@code gen}, {@code n} and {@code at}; a welcome carries the
 * most recent turns, and older ones come a page at a time.
 */
@Timeout(30)
class HistoryTest {

    private Switchboard server;
    private final List<WsClient> clients = new ArrayList<>();

    @AfterEach
    void stop() {
        TestServers.stop(server, clients);
    }

    private WsClient start(Consumer<SwitchboardConfig.Builder> cfg) {
        server = TestServers.start(cfg);
        return open(null);
    }

    private WsClient open(String session) {
        WsClient c = WsClient.hello(server.port(), session);
        clients.add(c);
        return c;
    }

    private static void talk(WsClient c, int prompts) {
        for (int i = 0; i < prompts; i++) {
            c.prompt("p" + i, "prompt " + i, null);
            c.awaitDone("p" + i);
        }
    }

    @Test
    void everyTurnCarriesItsGenerationItsIndexAndItsTime() {
        WsClient c = start(cfg -> { });
        long before = System.currentTimeMillis();
        talk(c, 2);
        JsonArray history = open(c.sessionId()).welcome().getAsJsonArray("history");
        assertEquals(4, history.size());
        for (int i = 0; i < 4; i++) {
            JsonObject turn = history.get(i).getAsJsonObject();
            assertEquals(i % 2 == 0 ? "user" : "assistant", turn.get("role").getAsString());
            assertEquals(i, turn.get("n").getAsLong());
            String gen = c.frames("done").get(i / 2).get("gen").getAsString();
            assertEquals(gen, turn.get("gen").getAsString(), "a prompt and its reply share their generation");
            assertTrue(turn.get("at").getAsLong() >= before, turn.toString());
        }
    }

    @Test
    void theHistoryKeepsItsNewestTurnsWithinItsBoundsAndNeverReusesAnIndex() {
        WsClient c = start(cfg -> cfg.historyMaxTurns(4));
        talk(c, 3);
        JsonArray history = open(c.sessionId()).welcome().getAsJsonArray("history");
        assertEquals(4, history.size());
        assertEquals(2, history.get(0).getAsJsonObject().get("n").getAsLong(), "the oldest pair was dropped");
        assertEquals("prompt 1", history.get(0).getAsJsonObject().get("text").getAsString());
        assertEquals(5, history.get(3).getAsJsonObject().get("n").getAsLong());
    }

    @Test
    void aReplyLongerThanTheCharacterBoundIsKeptCutToIt() {
        WsClient c = start(cfg -> cfg.historyMaxChars(100));
        c.prompt("long", "abcd", "{\"delayMs\":0,\"repeat\":50}"); // a reply of 249 characters
        assertEquals(249, c.awaitDone("long").get("text").getAsString().length(), "the reply itself is whole");
        JsonArray history = open(c.sessionId()).welcome().getAsJsonArray("history");
        assertEquals(2, history.size());
        assertEquals(96, history.get(1).getAsJsonObject().get("text").getAsString().length(),
                "cut to what fits beside its 4-character prompt");
    }

    @Test
    void aWelcomeCarriesTheMostRecentTurnsAndOlderOnesComeAPageAtATime() {
        WsClient c = start(cfg -> cfg.welcomeHistoryTurns(2));
        talk(c, 3);
        WsClient late = open(c.sessionId());
        JsonArray recent = late.welcome().getAsJsonArray("history");
        assertEquals(2, recent.size());
        assertEquals(4, recent.get(0).getAsJsonObject().get("n").getAsLong());

        JsonObject page = page(late, "{\"type\":\"history\",\"before\":4,\"limit\":2}");
        assertEquals(List.of(2L, 3L), ns(page));
        assertTrue(page.get("more").getAsBoolean());
        JsonObject first = page(late, "{\"type\":\"history\",\"before\":2}");
        assertEquals(List.of(0L, 1L), ns(first));
        assertFalse(first.get("more").getAsBoolean());
        assertEquals("prompt 0", first.getAsJsonArray("turns").get(0).getAsJsonObject().get("text").getAsString());
        assertTrue(c.frames("history").isEmpty(), "a page goes to the connection that asked, only");
    }

    private static JsonObject page(WsClient c, String request) {
        int before = c.frames("history").size();
        c.send(request);
        c.await(f -> c.frames("history").size() > before);
        return c.frames("history").get(before);
    }

    private static List<Long> ns(JsonObject page) {
        List<Long> ns = new ArrayList<>();
        page.getAsJsonArray("turns").forEach(t -> ns.add(t.getAsJsonObject().get("n").getAsLong()));
        return ns;
    }
}
