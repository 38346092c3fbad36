package dev.switchboard.backend;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.switchboard.Replies;
import dev.switchboard.Switchboard;
import dev.switchboard.TestServers;
import dev.switchboard.WsClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The openai backend against a local fake model server that writes real SSE. */
@Timeout(60)
class OpenAiGeneratorTest {

    private FakeOpenAiServer upstream;
    private int historyTokens = 8_000;
    private OpenAiGenerator generator;
    private Switchboard server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    private WsClient start(FakeOpenAiServer.Script script) throws IOException {
        return start(script, cfg -> { }, 64);
    }

    private WsClient start(FakeOpenAiServer.Script script, Consumer<dev.switchboard.config.SwitchboardConfig.Builder> extra,
                           int concurrency) throws IOException {
        upstream = new FakeOpenAiServer(script);
        return startAgainst(upstream.baseUrl(), extra, concurrency);
    }

    private WsClient startAgainst(URI base, Consumer<dev.switchboard.config.SwitchboardConfig.Builder> extra,
                                  int concurrency) {
        OpenAiConfig config = new OpenAiConfig(base, "llama3.2", "sk-test-secret", "Be brief.", 40, historyTokens, 0,
                concurrency, Duration.ofSeconds(5));
        generator = new OpenAiGenerator(config);
        server = TestServers.start(cfg -> {
            cfg.generator(generator);
            extra.accept(cfg);
        });
        return WsClient.hello(server.port(), null);
    }

    private static final FakeOpenAiServer.Script HELLO_WORLD = x -> {
        x.startStream();
        x.delta("Hello");
        x.delta(", ");
        x.delta("world");
        x.finish("stop", 3);
    };

    @Test
    void deltasStreamAsTokensAndFinishReasonAndUsageEndUpInDone() throws IOException {
        try (WsClient client = start(HELLO_WORLD)) {
            client.prompt("p1", "greet me", "{\"temperature\":0.2,\"max_tokens\":50}");
            JsonObject done = client.awaitDone("p1");
            assertEquals("stop", done.get("reason").getAsString());
            assertEquals("Hello, world", done.get("text").getAsString());
            assertEquals(3, done.get("tokens").getAsInt());
            Replies.assertWhole(client.frames(), done);
            JsonObject details = done.getAsJsonObject("details");
            assertEquals("stop", details.get("finish_reason").getAsString());
            assertEquals(3, details.getAsJsonObject("usage").get("completion_tokens").getAsInt());

            JsonObject request = upstream.requests.get(0);
            assertEquals("llama3.2", request.get("model").getAsString());
            assertTrue(request.get("stream").getAsBoolean());
            assertEquals(0.2, request.get("temperature").getAsDouble());
            assertEquals(50, request.get("max_tokens").getAsInt());
            assertEquals("Bearer sk-test-secret", upstream.authorizations.get(0));
        }
    }

    @Test
    void theSessionHistoryIsSentAsMessagesAfterTheSystemPrompt() throws IOException {
        try (WsClient client = start(HELLO_WORLD)) {
            client.prompt("p1", "first question", null);
            client.awaitDone("p1");
            client.prompt("p2", "second question", null);
            client.awaitDone("p2");
            JsonArray messages = upstream.requests.get(1).getAsJsonArray("messages");
            List<String> roles = messages.asList().stream().map(m -> m.getAsJsonObject().get("role").getAsString())
                    .toList();
            List<String> texts = messages.asList().stream()
                    .map(m -> m.getAsJsonObject().get("content").getAsString()).toList();
            assertEquals(List.of("system", "user", "assistant", "user"), roles);
            assertEquals(List.of("Be brief.", "first question", "Hello, world", "second question"), texts);
        }
    }

    @Test
    void twoPromptsInARowGoOverOneKeptAliveConnection() throws IOException {
        try (WsClient client = start(HELLO_WORLD)) {
            client.prompt("p1", "first question", null);
            assertEquals("stop", client.awaitDone("p1").get("reason").getAsString());
            client.prompt("p2", "second question", null);
            assertEquals("stop", client.awaitDone("p2").get("reason").getAsString());
            assertEquals(2, upstream.remotePorts.size());
            assertEquals(upstream.remotePorts.get(0), upstream.remotePorts.get(1),
                    "the second request went over the first one's connection");
            assertEquals(0, upstream.clientsGone.get());
        }
    }

    @Test
    void aBodyThatStaysOpenAfterDoneIsCutOffSoonAfter() throws IOException {
        try (WsClient client = start(x -> {
            HELLO_WORLD.respond(x);
            for (int i = 0; i < 400; i++) {
                x.write(": lingering\n\n"); // a misbehaving proxy that never ends the body
                Thread.sleep(50);
            }
        })) {
            client.prompt("p1", "greet me", null);
            assertEquals("stop", client.awaitDone("p1").get("reason").getAsString(), "the reply ends at [DONE]");
            await().atMost(ChatStream.DRAIN_AFTER_DONE.plusSeconds(5)).until(() -> upstream.clientsGone.get() == 1);
        }
    }

    @Test
    void stoppingTheServerClosesTheHttpClientWithItsPooledConnection() throws IOException {
        try (WsClient client = start(HELLO_WORLD)) {
            client.prompt("p1", "greet me", null);
            assertEquals("stop", client.awaitDone("p1").get("reason").getAsString());
        }
        assertFalse(generator.isClosed(), "a running server keeps its client");
        server.stop();
        assertTrue(generator.isClosed(), "the client and its threads are released when the server stops");
    }

    /**
     * Seen against llama-server with a small context: one prompt longer than the context got HTTP 400
     * and ended with {@code error}, and from then on every prompt of the session failed the same way,
     * because the failed prompt and its empty assistant turn stayed in the history, which is sent
     * upstream with every prompt.
     */
    @Test
    void aPromptTooLongForTheContextDoesNotPoisonTheSessionsLaterPrompts() throws IOException {
        String tooLong = "word ".repeat(200); // 1,000 characters: 250 tokens of the fake's 200
        try (WsClient client = start(new LlamaCppContext(200, 4).around(HELLO_WORLD))) {
            client.prompt("p1", "first question", null);
            assertEquals("stop", client.awaitDone("p1").get("reason").getAsString());
            client.prompt("p2", tooLong, null);
            assertEquals("error", client.awaitDone("p2").get("reason").getAsString());

            client.prompt("p3", "short again", null);
            assertEquals("stop", client.awaitDone("p3").get("reason").getAsString(), "the session recovered");
            assertEquals(List.of("Be brief.", "first question", "Hello, world", "short again"),
                    texts(upstream.requests.getLast()), "the failed pair is not sent, the good one is");

            try (WsClient other = WsClient.hello(server.port(), client.sessionId())) {
                List<String> history = other.welcome().getAsJsonArray("history").asList().stream()
                        .map(t -> t.getAsJsonObject().get("text").getAsString()).toList();
                assertEquals(List.of("first question", "Hello, world", tooLong, "", "short again", "Hello, world"),
                        history, "the history still shows what was asked and that it failed");
            }
        }
    }

    @Test
    void theHistoryBudgetIsCountedInTheTokensTheModelServerReports() throws IOException {
        historyTokens = 60;
        LlamaCppContext context = new LlamaCppContext(100_000, 2); // a dense tokenizer: 2 characters a token
        try (WsClient client = start(context.around(HELLO_WORLD))) {
            for (int i = 1; i <= 6; i++) {
                String id = "p" + i;
                client.prompt(id, "question number " + i + " asked in a few words", null);
                assertEquals("stop", client.awaitDone(id).get("reason").getAsString());
            }
        }
        JsonObject last = upstream.requests.getLast();
        JsonArray history = new JsonArray();
        List<com.google.gson.JsonElement> messages = last.getAsJsonArray("messages").asList();
        messages.subList(1, messages.size() - 1).forEach(history::add);
        JsonObject historyOnly = new JsonObject();
        historyOnly.add("messages", history);
        assertFalse(history.isEmpty(), "some history still fits");
        assertTrue(context.tokens(historyOnly) - 3 <= historyTokens,
                "the history fits the budget as the model server counts it: " + context.tokens(historyOnly));
    }

    @Test
    void aConversationGrownPastTheContextIsRetriedOnceWithTheHistoryScaledToFitAndTheWindowIsRemembered()
            throws IOException {
        LlamaCppContext context = new LlamaCppContext(300, 4);
        try (WsClient client = start(context.around(HELLO_WORLD))) {
            for (int i = 1; i <= 7; i++) {
                String id = "p" + i;
                client.prompt(id, ("question " + i + " ").repeat(16), null); // about 40 tokens each
                assertEquals("stop", client.awaitDone(id).get("reason").getAsString(), id);
            }
        }
        assertEquals(1, context.refused.size(), "once the server stated its window, later prompts fit at once");
        JsonObject refused = context.refused.get(0);
        JsonObject retry = upstream.requests.get(upstream.requests.indexOf(refused) + 1);
        assertEquals(texts(refused).getLast(), texts(retry).getLast(), "the retry is the same prompt");
        assertTrue(texts(retry).size() < texts(refused).size(), "with fewer turns");
        assertTrue(texts(retry).size() > 2, "but not with none: the stated window leaves room for some");
        assertTrue(context.tokens(retry) < 300 * 3 / 4, "it fits with room for the reply: " + context.tokens(retry));
    }

    @Test
    void aPromptLongerThanTheContextOnItsOwnIsNotRetried() throws IOException {
        try (WsClient client = start(new LlamaCppContext(200, 4).around(HELLO_WORLD))) {
            client.prompt("p1", "word ".repeat(200), null);
            JsonObject done = client.awaitDone("p1");
            assertEquals("error", done.get("reason").getAsString());
            assertEquals("the prompt is longer than the model's context (200 tokens)", done.get("error").getAsString());
            assertEquals(1, upstream.requests.size(), "no history to drop, so no second request");
        }
    }

    @Test
    void withoutNumbersTheHistoryIsHalvedAndASecondContextErrorEndsTheReply() throws IOException {
        byte[] refusal = ("{\"error\":{\"message\":\"Your input exceeds the context window of this model. Please"
                + " adjust your input and try again.\",\"type\":\"invalid_request_error\",\"param\":\"input\","
                + "\"code\":\"context_length_exceeded\"}}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (WsClient client = start(x -> {
            if (x.body.getAsJsonArray("messages").size() > 2) { // any history at all is too much
                x.http.sendResponseHeaders(400, refusal.length);
                x.http.getResponseBody().write(refusal);
                return;
            }
            HELLO_WORLD.respond(x);
        })) {
            client.prompt("p1", "q1", null);
            assertEquals("stop", client.awaitDone("p1").get("reason").getAsString());
            client.prompt("p2", "q2", null);
            assertEquals("stop", client.awaitDone("p2").get("reason").getAsString(), "retried without its one pair");
            assertEquals(List.of("Be brief.", "q2"), texts(upstream.requests.getLast()));

            client.prompt("p3", "q3", null);
            JsonObject done = client.awaitDone("p3");
            assertEquals("error", done.get("reason").getAsString());
            assertEquals("the conversation does not fit the model's context, even with older turns left out",
                    done.get("error").getAsString());
            assertEquals(5, upstream.requests.size(), "p3 was sent twice, not more");
            assertEquals(List.of("Be brief.", "q1", "Hello, world", "q2", "Hello, world", "q3"),
                    texts(upstream.requests.get(3)));
            assertEquals(List.of("Be brief.", "q2", "Hello, world", "q3"), texts(upstream.requests.get(4)),
                    "the retry kept the newer half of the pairs");
        }
    }

    private static List<String> texts(JsonObject request) {
        return request.getAsJsonArray("messages").asList().stream()
                .map(m -> m.getAsJsonObject().get("content").getAsString()).toList();
    }

    @Test
    void cancelClosesTheUpstreamConnection() throws IOException {
        try (WsClient client = start(x -> {
            x.startStream();
            for (int i = 0; i < 400; i++) {
                x.delta("t" + i + " ");
                Thread.sleep(25); // the model's pace, not a wait in the test
            }
            x.finish("stop", 400);
        })) {
            try (LogCapture log = new LogCapture(FailureLog.class)) {
                client.prompt("p1", "go on and on", null);
                client.await(f -> "token".equals(f.get("type").getAsString()));
                client.send("{\"type\":\"cancel\"}");
                JsonObject done = client.awaitDone("p1");
                assertEquals("cancelled", done.get("reason").getAsString());
                await().atMost(Duration.ofSeconds(10)).until(() -> upstream.clientsGone.get() == 1);
                assertEquals(List.of(), log.lines(), "a cancel is no failure of the model server");
            }
        }
    }

    @Test
    void aCancelledReplyGivesItsBackendSlotBack() throws IOException {
        try (WsClient first = start(x -> {
            x.startStream();
            for (int i = 0; i < 400; i++) {
                x.delta("t" + i + " ");
                Thread.sleep(25); // the model's pace, not a wait in the test
            }
            x.finish("stop", 400);
        }, cfg -> { }, 1); WsClient second = WsClient.hello(server.port(), null)) {
            first.prompt("a", "go on and on", null);
            first.await(f -> "token".equals(f.get("type").getAsString()));
            first.send("{\"type\":\"cancel\"}");
            assertEquals("cancelled", first.awaitDone("a").get("reason").getAsString());
            second.prompt("b", "my turn", null);
            second.await(f -> "start".equals(f.get("type").getAsString()), Duration.ofSeconds(10));
        }
    }

    @Test
    void anUpstreamThatStallsHitsTheTokenTimeoutAndIsDisconnected() throws IOException {
        try (WsClient client = start(x -> {
            x.startStream();
            x.delta("first ");
            for (int i = 0; i < 200; i++) {
                x.write(": still thinking\n\n"); // comments keep the socket busy but carry no token
                Thread.sleep(50);
            }
        }, cfg -> cfg.tokenTimeout(Duration.ofMillis(500)), 64)) {
            client.prompt("p1", "think hard", null);
            JsonObject done = client.awaitDone("p1");
            assertEquals("timeout", done.get("reason").getAsString());
            assertEquals("first ", done.get("text").getAsString());
            await().atMost(Duration.ofSeconds(10)).until(() -> upstream.clientsGone.get() == 1);
        }
    }

    @Test
    void multiLineEventsCommentsAndCrlfAreParsed() throws IOException {
        try (WsClient client = start(x -> {
            x.startStream();
            x.write(": keep-alive\r\n\r\n");
            x.write("data: {\"choices\":[{\"delta\":\r\ndata: {\"content\":\"two\"}}]}\r\n\r\n");
            x.write("event: message\r\ndata: {\"choices\":[{\"delta\":{\"content\":\" lines\"},\"finish_reason\":\"stop\"}]}\r\n\r\n");
            x.write("data: [DONE]\r\n\r\n");
        })) {
            client.prompt("p1", "x", null);
            JsonObject done = client.awaitDone("p1");
            assertEquals("stop", done.get("reason").getAsString());
            assertEquals("two lines", done.get("text").getAsString());
        }
    }

    @Test
    void aRefusedConnectionEndsTheReplyWithAnErrorAUserCanActOn() throws IOException {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }
        try (LogCapture log = new LogCapture(FailureLog.class);
             WsClient client = startAgainst(URI.create("http://127.0.0.1:" + closedPort + "/v1"), cfg -> { }, 64)) {
            for (String id : List.of("p1", "p2", "p3")) {
                client.prompt(id, "hello", null);
                JsonObject done = client.awaitDone(id);
                assertEquals("error", done.get("reason").getAsString());
                assertEquals("cannot connect to the model server: connection refused",
                        done.get("error").getAsString(), "no address in what every client sees");
            }
            assertEquals(1, log.lines().size(), "a down model server logs one line, not one per prompt: " + log.lines());
            assertTrue(log.lines().get(0).contains("http://127.0.0.1:" + closedPort + "/v1/chat/completions")
                    && log.lines().get(0).contains("ConnectException"), log.lines().get(0));
        }
    }

    @Test
    void httpFailuresEndTheReplyWithTheirMeaningAndTheSessionStaysUsable() throws IOException {
        try (LogCapture log = new LogCapture(FailureLog.class); WsClient client = start(x -> {
            String text = x.body.getAsJsonArray("messages").asList().getLast().getAsJsonObject()
                    .get("content").getAsString();
            switch (text) {
                case "401" -> x.fail(401, "invalid api key");
                case "404" -> x.fail(404, "model not found");
                case "429" -> {
                    x.http.getResponseHeaders().add("Retry-After", "7");
                    x.fail(429, "slow down");
                }
                case "500" -> x.fail(503, "overloaded: /srv/models/llama-3.2-3b-q4.gguf on gpu-node-7");
                case "400" -> x.fail(400, "bad grammar near /srv/grammars/internal.gbnf");
                case "midway" -> {
                    x.startStream();
                    x.delta("partial ");
                    x.write("data: {\"error\":{\"message\":\"CUDA error on gpu-node-7\"}}\n\n");
                }
                case "malformed" -> {
                    x.startStream();
                    x.write("data: {not json\n\n");
                }
                case "cut" -> {
                    x.startStream();
                    x.delta("partial ");
                }
                default -> HELLO_WORLD.respond(x);
            }
        })) {
            assertError(client, "401", "the model server refused the backend's credentials (HTTP 401)");
            assertError(client, "404", "the model server has no such model or no chat-completions endpoint (HTTP 404)");
            assertError(client, "429", "the model server is rate limiting (HTTP 429); retry after 7 s");
            assertError(client, "500", "the model server failed (HTTP 503)");
            assertError(client, "400", "the model server rejected the request (HTTP 400)");
            assertError(client, "malformed", "the model server sent a malformed stream event");
            assertError(client, "cut", "the model server closed the stream before the reply was finished");
            assertError(client, "midway", "the model server reported an error mid-reply");
            client.prompt("ok", "fine now?", null);
            assertEquals("stop", client.awaitDone("ok").get("reason").getAsString());

            String seen = client.frames("done").toString();
            for (String internal : List.of("sk-test-secret", "127.0.0.1", String.valueOf(upstream.baseUrl().getPort()),
                    "llama3.2", "/srv/", "gpu-node-7", "invalid api key")) {
                assertFalse(seen.contains(internal), "clients never see '" + internal + "': " + seen);
            }
            String logged = String.join("\n", log.lines());
            for (String detail : List.of(upstream.baseUrl() + "/chat/completions", "HTTP 503", "gpu-node-7",
                    "/srv/grammars/internal.gbnf", "invalid api key")) {
                assertTrue(logged.contains(detail), "the log has '" + detail + "': " + logged);
            }
            assertFalse(logged.contains("sk-test-secret"), "the API key is never logged");
        }
    }

    @Test
    void unknownParamsAreRefusedBeforeAnythingIsSent() throws IOException {
        try (WsClient client = start(HELLO_WORLD)) {
            client.prompt("p1", "hello", "{\"frequency_penalty\":1}");
            JsonObject error = client.awaitType("error");
            assertEquals("bad_request", error.get("code").getAsString());
            assertEquals("p1", error.get("id").getAsString());
            assertTrue(error.get("message").getAsString().contains("frequency_penalty"));
            assertTrue(upstream.requests.isEmpty());
        }
    }

    @Test
    void theBackendConcurrencyLimitQueuesTheRestWithPositions() throws IOException {
        try (WsClient first = start(x -> {
            x.startStream();
            for (int i = 0; i < 10; i++) {
                x.delta("w" + i + " ");
                Thread.sleep(30);
            }
            x.finish("stop", 10);
        }, cfg -> { }, 1); WsClient second = WsClient.hello(server.port(), null)) {
            first.prompt("a", "one", null);
            first.await(f -> "start".equals(f.get("type").getAsString()));
            second.prompt("b", "two", null);
            JsonObject queued = second.awaitType("queued");
            assertEquals(1, queued.get("position").getAsInt(), "next to run, but not running");
            assertTrue(second.frames("start").isEmpty(), "waits while the one upstream slot is taken");
            assertEquals("stop", second.awaitDone("b").get("reason").getAsString());
            assertEquals(1, upstream.maxConcurrent.get(), "never two requests upstream at once");
        }
    }

    private static void assertError(WsClient client, String prompt, String expected) {
        client.prompt(prompt, prompt, null);
        JsonObject done = client.awaitDone(prompt);
        assertEquals("error", done.get("reason").getAsString(), done.toString());
        assertEquals(expected, done.get("error").getAsString());
    }
}
