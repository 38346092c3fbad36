package dev.switchboard.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.switchboard.Replies;
import dev.switchboard.Switchboard;
import dev.switchboard.TestServers;
import dev.switchboard.WsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many sessions at once must never see each other's events: every prompt text carries a nonce, so a
 * frame that belongs to another session is recognisable by its generation and its text.
 */
@Timeout(60)
class CrossTalkTest {

    private static final int CLIENTS = 200;
    private static final int PROMPTS = 3;
    private static final Set<String> SESSION_EVENTS = Set.of("queued", "start", "token", "done");

    private Switchboard server;
    private final List<WsClient> clients = new ArrayList<>();

    @AfterEach
    void stop() {
        TestServers.stop(server, clients);
    }

    @Test
    void twoHundredConcurrentSessionsEachGetOnlyTheirOwnReplies() throws Exception {
        server = TestServers.start();
        List<String[]> texts = new ArrayList<>();
        for (int u = 0; u < CLIENTS; u++) {
            String[] mine = new String[PROMPTS];
            for (int p = 0; p < PROMPTS; p++) {
                mine[p] = "u" + u + " p" + p + " nonce-" + UUID.randomUUID() + " alpha beta";
            }
            texts.add(mine);
        }

        List<Future<WsClient>> connecting = new ArrayList<>();
        try (ExecutorService users = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int u = 0; u < CLIENTS; u++) {
                String[] mine = texts.get(u);
                connecting.add(users.submit(() -> {
                    WsClient client = WsClient.connect(server.port());
                    client.send("{\"type\":\"hello\"}");
                    for (int p = 0; p < PROMPTS; p++) {
                        client.prompt("p" + p, mine[p], "{\"delayMs\":3}");
                    }
                    return client;
                }));
            }
            for (Future<WsClient> f : connecting) {
                clients.add(f.get());
            }
        }

        Awaitility.await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(50))
                .until(() -> clients.stream().allMatch(c -> c.frames("done").size() >= PROMPTS));

        Set<String> sessions = new HashSet<>();
        for (int u = 0; u < CLIENTS; u++) {
            sessions.add(assertOnlyOwnEvents(clients.get(u), texts.get(u)));
        }
        assertEquals(CLIENTS, sessions.size(), "every client got a session of its own");
    }

    /** Checks one client's frames; returns its session id. */
    private static String assertOnlyOwnEvents(WsClient client, String[] mine) {
        List<JsonObject> frames = client.frames();
        List<String> own = List.of(mine);
        List<JsonObject> welcomes = client.frames("welcome");
        assertEquals(1, welcomes.size(), "one welcome: " + frames);
        assertTrue(welcomes.get(0).get("created").getAsBoolean(), "a fresh session");

        Set<String> ownGens = new HashSet<>();
        for (JsonObject f : client.frames("queued")) {
            if (!f.has("text")) { // a position update: the first queued of its generation carried the text
                assertTrue(ownGens.contains(f.get("gen").getAsString()), "a position update of another session: " + f);
                continue;
            }
            String text = f.get("text").getAsString();
            assertTrue(own.contains(text), "queued text of another session arrived: " + f);
            assertEquals("p" + own.indexOf(text), f.get("id").getAsString(), "queued id matches its text");
            ownGens.add(f.get("gen").getAsString());
        }
        assertEquals(PROMPTS, ownGens.size(), "one generation per prompt: " + frames);
        for (JsonObject f : frames) {
            String type = f.get("type").getAsString();
            assertTrue(type.equals("welcome") || SESSION_EVENTS.contains(type), "unexpected frame " + f);
            if (SESSION_EVENTS.contains(type)) {
                assertTrue(ownGens.contains(f.get("gen").getAsString()), "frame of another session: " + f);
            }
        }

        Map<String, JsonObject> doneById = new HashMap<>();
        for (JsonObject done : client.frames("done")) {
            doneById.put(done.get("id").getAsString(), done);
            Replies.assertWhole(frames, done);
        }
        for (int p = 0; p < PROMPTS; p++) {
            JsonObject done = doneById.get("p" + p);
            assertEquals(mine[p], done.get("text").getAsString(), "the reply is exactly its own prompt");
            assertEquals("stop", done.get("reason").getAsString());
        }
        Replies.assertSeqStrictlyIncreasing(frames);
        return welcomes.get(0).get("session").getAsString();
    }
}
